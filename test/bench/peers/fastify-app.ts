import fastifyJwt from '@fastify/jwt';
import Fastify, { type FastifyInstance } from 'fastify';
import { type MessageStore, PEER_HEALTH, PEER_SECRET } from './store.js';

const nullableString = { type: ['string', 'null'] };
const message = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    conversationId: { type: 'string' },
    authorId: { type: 'string' },
    body: { type: 'string' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          mediaType: { type: 'string' },
          name: nullableString,
          bytes: { type: 'integer' },
          width: { type: ['integer', 'null'] },
          height: { type: ['integer', 'null'] },
          sha256: { type: 'string' },
        },
      },
    },
    createdAt: { type: 'string' },
    editedAt: nullableString,
    deletedAt: nullableString,
    version: { type: 'integer' },
  },
} as const;

/**
 * Peer: Fastify 5 as its docs show it: @fastify/jwt (HS256, verified per request), JSON
 * schemas validating params and query (Ajv) and compiling the response serializer
 * (fast-json-stringify), no logger (Parley's server writes one access line per request).
 */
export async function createFastifyApp(store: MessageStore): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(fastifyJwt, { secret: PEER_SECRET, verify: { algorithms: ['HS256'] } });
  app.get(
    '/health',
    { schema: { response: { 200: { type: 'object', additionalProperties: { type: 'string' } } } } },
    async () => PEER_HEALTH,
  );
  app.get<{ Params: { conversationId: string }; Querystring: { limit: number; cursor?: string } }>(
    '/v1/conversations/:conversationId/messages',
    {
      onRequest: async (request) => {
        await request.jwtVerify();
      },
      schema: {
        params: {
          type: 'object',
          properties: { conversationId: { type: 'string', pattern: '^[0-9A-HJKMNP-TV-Z]{26}$' } },
          required: ['conversationId'],
        },
        querystring: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
            cursor: { type: 'string', maxLength: 1024 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: message }, nextCursor: nullableString },
          },
        },
      },
    },
    async (request, reply) => {
      const { sub } = request.user as { sub?: unknown };
      if (typeof sub !== 'string' || sub === '') return reply.code(401).send({ title: 'invalid sub' });
      const page = await store.list(request.params.conversationId, sub, request.query.limit, request.query.cursor);
      return page ?? reply.code(404).send({ title: 'not found' });
    },
  );
  return app;
}
