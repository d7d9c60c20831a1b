import { zValidator } from '@hono/zod-validator';
import { type Context, Hono } from 'hono';
import { jwt } from 'hono/jwt';
import { callerOf, type MessageStore, PEER_HEALTH, PEER_SECRET } from './store.js';
import { ConversationParams, MessagePageQuery, PostMessage } from './zod-schemas.js';

type Env = { Variables: { jwtPayload: { sub?: unknown }; caller: string } };

const MESSAGES = '/v1/conversations/:conversationId/messages';
const notFound = (c: Context<Env>) => c.json({ title: 'not found' }, 404);

/** Peer: plain Hono + hono/jwt (HS256, verified on every request) + @hono/zod-validator, written as its docs show. */
export function createHonoZodApp(store: MessageStore): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/health', (c) => c.json(PEER_HEALTH));
  app.use('/v1/*', jwt({ secret: PEER_SECRET, alg: 'HS256' }));
  // The caller is the token's subject, checked once for every route as a Hono middleware (c.set / c.get).
  app.use('/v1/*', async (c, next) => {
    const caller = callerOf(c.get('jwtPayload'));
    if (!caller) return c.json({ title: 'invalid sub' }, 401);
    c.set('caller', caller);
    await next();
  });
  app.get(MESSAGES, zValidator('param', ConversationParams), zValidator('query', MessagePageQuery), async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await store.list(c.req.valid('param').conversationId, c.get('caller'), limit, cursor);
    return page ? c.json(page) : notFound(c);
  });
  app.post(MESSAGES, zValidator('param', ConversationParams), zValidator('json', PostMessage), async (c) => {
    const message = await store.post(c.req.valid('param').conversationId, c.get('caller'), c.req.valid('json').body);
    return message ? c.json(message, 201) : notFound(c);
  });
  return app;
}
