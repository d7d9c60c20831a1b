import { contentJson, fromHono, OpenAPIRoute } from 'chanfana';
import { type Context, Hono } from 'hono';
import { jwt } from 'hono/jwt';
import { callerOf, type MessageStore, PEER_HEALTH, PEER_SECRET } from './store.js';
import { ConversationParams, MessagePage, MessagePageQuery, MessageWireSchema, PostMessage } from './zod-schemas.js';

type Env = { Variables: { jwtPayload: { sub?: unknown } } };

const caller = (c: Context<Env>): string | null => callerOf(c.get('jwtPayload'));

/** Peer: chanfana (Cloudflare's OpenAPI route classes) on Hono + hono/jwt, as its README shows. */
export function createChanfanaApp(store: MessageStore): Hono<Env> {
  class ListMessages extends OpenAPIRoute {
    override schema = {
      request: { params: ConversationParams, query: MessagePageQuery },
      responses: { 200: { description: 'One page.', ...contentJson(MessagePage) } },
    };
    override async handle(c: Context<Env>) {
      const sub = caller(c);
      if (!sub) return c.json({ title: 'invalid sub' }, 401);
      const data = await this.getValidatedData<typeof this.schema>();
      const page = await store.list(data.params.conversationId, sub, data.query.limit, data.query.cursor);
      return page ? c.json(page) : c.json({ title: 'not found' }, 404);
    }
  }
  class PostMessageRoute extends OpenAPIRoute {
    override schema = {
      request: { params: ConversationParams, body: contentJson(PostMessage) },
      responses: { 201: { description: 'Posted.', ...contentJson(MessageWireSchema) } },
    };
    override async handle(c: Context<Env>) {
      const sub = caller(c);
      if (!sub) return c.json({ title: 'invalid sub' }, 401);
      const data = await this.getValidatedData<typeof this.schema>();
      const message = await store.post(data.params.conversationId, sub, data.body.body);
      return message ? c.json(message, 201) : c.json({ title: 'not found' }, 404);
    }
  }
  const app = new Hono<Env>();
  app.get('/health', (c) => c.json(PEER_HEALTH));
  app.use('/v1/*', jwt({ secret: PEER_SECRET, alg: 'HS256' }));
  const openapi = fromHono(app, { docs_url: null, openapi_url: '/openapi.json' });
  openapi.get('/v1/conversations/:conversationId/messages', ListMessages);
  openapi.post('/v1/conversations/:conversationId/messages', PostMessageRoute);
  return app;
}
