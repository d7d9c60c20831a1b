import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { jwt } from 'hono/jwt';
import { callerOf, type MessageStore, PEER_HEALTH, PEER_SECRET } from './store.js';
import { ConversationParams, MessagePageQuery, PostMessage } from './zod-schemas.js';

type Env = { Variables: { jwtPayload: { sub?: unknown } } };

/** Peer: plain Hono + hono/jwt (HS256, verified on every request) + @hono/zod-validator, written as its docs show. */
export function createHonoZodApp(store: MessageStore): Hono<Env> {
  const app = new Hono<Env>();
  app.get('/health', (c) => c.json(PEER_HEALTH));
  app.use('/v1/*', jwt({ secret: PEER_SECRET, alg: 'HS256' }));
  app.get(
    '/v1/conversations/:conversationId/messages',
    zValidator('param', ConversationParams),
    zValidator('query', MessagePageQuery),
    async (c) => {
      const caller = callerOf(c.get('jwtPayload'));
      if (!caller) return c.json({ title: 'invalid sub' }, 401);
      const { conversationId } = c.req.valid('param');
      const { limit, cursor } = c.req.valid('query');
      const page = await store.list(conversationId, caller, limit, cursor);
      return page ? c.json(page) : c.json({ title: 'not found' }, 404);
    },
  );
  app.post(
    '/v1/conversations/:conversationId/messages',
    zValidator('param', ConversationParams),
    zValidator('json', PostMessage),
    async (c) => {
      const caller = callerOf(c.get('jwtPayload'));
      if (!caller) return c.json({ title: 'invalid sub' }, 401);
      const { conversationId } = c.req.valid('param');
      const { body } = c.req.valid('json');
      const message = await store.post(conversationId, caller, body);
      return message ? c.json(message, 201) : c.json({ title: 'not found' }, 404);
    },
  );
  return app;
}
