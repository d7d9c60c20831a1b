import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDeps } from '../../../adapters/node/deps.js';
import { makeConversation, makeMessage } from '../../contract/repository/fixtures.js';
import { createCursorSigner } from '../../../src/http/cursor.js';
import { issueTicket } from '../../../src/realtime/ticket.js';
import { createStreamTable, readStream } from '../../support/dynamodb-streams.js';
import { startManagementApi } from '../../support/management-api-stand-in.js';
import { dynamodbEndpoint, LOCAL_KEYS, localDynamoVariables, REGION } from '../../repository/dynamodb-fixtures.js';

// The two real-time Lambda entries as Lambda runs them: built from the environment by the shared
// lifecycle (config, DynamoDB over aws4fetch), fed a $connect / $disconnect event of the documented
// shape and a DynamoDB Streams batch read from DynamoDB Local's own stream; frames go to the
// SigV4-checking @connections stand-in, signed with the function's credentials.
// One set of credentials for both, as a function has one role: DynamoDB Local scopes tables by access key.
const KEYS = LOCAL_KEYS;
const CURSOR_SECRET = 'rt-lambda-cursor-secret-0123456789';
const fixture = (name: string, fill: Record<string, string>) => {
  let text = readFileSync(new URL(`../../fixtures/events/apigw-websocket/${name}.json`, import.meta.url), 'utf8');
  for (const [placeholder, value] of Object.entries(fill)) text = text.replaceAll(placeholder, value);
  return JSON.parse(text);
};

describe('real-time Lambda entries (socket routes and stream fan-out)', () => {
  let api: Awaited<ReturnType<typeof startManagementApi>>;
  let socket: typeof import('../../../adapters/lambda/realtime-socket.js');
  let fanout: typeof import('../../../adapters/lambda/realtime-fanout.js');
  let env: Record<string, string>;

  beforeAll(async () => {
    const endpoint = dynamodbEndpoint();
    const table = `parley-rt-lambda-${Math.random().toString(36).slice(2, 8)}`;
    await createStreamTable(endpoint, table);
    api = await startManagementApi({ region: REGION, ...KEYS, stage: 'live', live: ['B1'] });
    env = {
      ...localDynamoVariables(table, endpoint),
      AWS_ACCESS_KEY_ID: KEYS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: KEYS.secretAccessKey,
      AUTH_MODE: 'hs256',
      AUTH_HS256_SECRET: 'rt-lambda-hs256-secret-0123456789',
      CURSOR_SECRET,
      REALTIME_CONNECTIONS_URL: api.endpoint,
    };
    Object.assign(process.env, env);
    [socket, fanout] = await Promise.all([
      import('../../../adapters/lambda/realtime-socket.js'),
      import('../../../adapters/lambda/realtime-fanout.js'),
    ]);
  }, 60_000);
  afterAll(async () => {
    for (const name of Object.keys(env ?? {})) delete process.env[name];
    await api?.close();
  });

  it('$connect with a ticket, then a posted message reaches the connection through the stream; after $disconnect nothing does', async () => {
    const now = Date.now();
    const { ticket } = await issueTicket(createCursorSigner(CURSOR_SECRET), 'lb', now + 3_600_000, now);
    expect(await socket.handler(fixture('connect', { __TICKET__: ticket, __CONNECTION__: 'B1' }))).toEqual({
      statusCode: 200,
    });
    expect(await socket.handler(fixture('connect', { __TICKET__: ticket, __CONNECTION__: 'B2' }))).toEqual({
      statusCode: 401,
    });

    const repository = createNodeDeps(env, 'node').repository;
    const conversation = makeConversation('la', ['lb']);
    await repository.createConversation(conversation);
    const message = makeMessage(conversation.id, 'la', { body: 'hi', attachments: [] });
    await repository.postMessage(message);
    const endpoint = env.DYNAMODB_ENDPOINT as string;
    const records = await readStream(endpoint, env.DYNAMODB_TABLE as string);
    await fanout.handler({ Records: records });
    const frames = (api.received.get('B1') ?? []).map((t) => JSON.parse(t) as Record<string, unknown>);
    expect(frames.find((f) => f.type === 'message.created')).toMatchObject({ id: message.id });
    expect(api.refused).toEqual([]);

    await socket.handler(fixture('disconnect', { __CONNECTION__: 'B1' }));
    const before = api.received.get('B1')?.length;
    await fanout.handler({ Records: records });
    expect(api.received.get('B1')?.length).toBe(before);
  });
});
