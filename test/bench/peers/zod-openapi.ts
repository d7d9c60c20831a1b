import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { jwt } from 'hono/jwt';
import { callerOf, type MessageStore, PEER_HEALTH, PEER_SECRET } from './store.js';
import { ConversationParams, MessagePage, MessageWireSchema, MessagePageQuery, PostMessage } from './zod-schemas.js';

type Env = { Variables: { jwtPayload: { sub?: unknown } } };

const Problem = { 'application/json': { schema: MessagePage.pick({ nextCursor: true }) } };
const listRoute = createRoute({
  method: 'get',
  path: '/v1/conversations/{conversationId}/messages',
  request: { params: ConversationParams, query: MessagePageQuery },
  responses: {
    200: { description: 'One page.', content: { 'application/json': { schema: MessagePage } } },
    401: { description: 'Unauthorized.', content: Problem },
    404: { description: 'Not found.', content: Problem },
  },
});
const postRoute = createRoute({
  method: 'post',
  path: '/v1/conversations/{conversationId}/messages',
  request: {
    params: ConversationParams,
    body: { required: true, content: { 'application/json': { schema: PostMessage } } },
  },
  responses: {
    201: { description: 'Posted.', content: { 'application/json': { schema: MessageWireSchema } } },
    401: { description: 'Unauthorized.', content: Problem },
    404: { description: 'Not found.', content: Problem },
  },
});

/** Peer: @hono/zod-openapi (routes from zod schemas, the OpenAPI document generated from them) + hono/jwt. */
export function createZodOpenApiApp(store: MessageStore): OpenAPIHono<Env> {
  const app = new OpenAPIHono<Env>();
  app.get('/health', (c) => c.json(PEER_HEALTH));
  app.use('/v1/*', jwt({ secret: PEER_SECRET, alg: 'HS256' }));
  app.openapi(listRoute, async (c) => {
    const caller = callerOf(c.get('jwtPayload'));
    if (!caller) return c.json({ nextCursor: null }, 401);
    const { conversationId } = c.req.valid('param');
    const { limit, cursor } = c.req.valid('query');
    const page = await store.list(conversationId, caller, limit, cursor);
    return page ? c.json(page, 200) : c.json({ nextCursor: null }, 404);
  });
  app.openapi(postRoute, async (c) => {
    const caller = callerOf(c.get('jwtPayload'));
    if (!caller) return c.json({ nextCursor: null }, 401);
    const { conversationId } = c.req.valid('param');
    const { body } = c.req.valid('json');
    const message = await store.post(conversationId, caller, body);
    return message ? c.json(message, 201) : c.json({ nextCursor: null }, 404);
  });
  app.doc('/openapi.json', { openapi: '3.1.0', info: { title: 'peer', version: '0' } });
  return app;
}
