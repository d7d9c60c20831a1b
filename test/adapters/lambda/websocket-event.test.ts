import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDeps } from '../../../adapters/node/deps.js';
import { dispatchWebSocketEvent, type WebSocketEventLike } from '../../../adapters/lambda/websocket-event.js';
import { createCursorSigner } from '../../../src/http/cursor.js';
import { dynamoConnectionStore } from '../../../src/realtime/dynamodb-connections.js';
import type { GatewayDeps } from '../../../src/realtime/gateway.js';
import { managementApi } from '../../../src/realtime/management-api.js';
import { issueTicket, ticketOpener } from '../../../src/realtime/ticket.js';
import type { Conversation } from '../../../src/domain/model.js';
import { startManagementApi } from '../../support/management-api-stand-in.js';
import { freshLocalTable, REGION, transports } from '../../repository/dynamodb-fixtures.js';

// The API Gateway WebSocket routes ($connect, $default, $disconnect) from events of the documented
// shape, on DynamoDB Local (connections, ticket nonces, the conversation) and the SigV4-checking
// stand-in for the @connections API.
const SECRET = 'gateway-test-cursor-secret-0123456789';
const KEYS = { accessKeyId: 'gw-key', secretAccessKey: 'gw-secret-0123456789' };
const fixture = (name: string, fill: Record<string, string>): WebSocketEventLike => {
  let text = readFileSync(new URL(`../../fixtures/events/apigw-websocket/${name}.json`, import.meta.url), 'utf8');
  for (const [placeholder, value] of Object.entries(fill)) text = text.replaceAll(placeholder, value);
  return JSON.parse(text) as WebSocketEventLike;
};

describe('API Gateway WebSocket routes (documented event shapes, DynamoDB Local, @connections stand-in)', () => {
  let deps: GatewayDeps;
  let api: Awaited<ReturnType<typeof startManagementApi>>;
  let now = Date.now();
  const ticketFor = async (userId: string) =>
    (await issueTicket(createCursorSigner(SECRET), userId, now + 3_600_000, now)).ticket;
  const connect = async (connectionId: string, ticket: string) =>
    (await dispatchWebSocketEvent(fixture('connect', { __TICKET__: ticket, __CONNECTION__: connectionId }), deps))
      .statusCode;
  const frame = (connectionId: string, body: string) =>
    dispatchWebSocketEvent(
      fixture('default-message', { __CONNECTION__: connectionId, '"__BODY__"': JSON.stringify(body) }),
      deps,
    );
  const framesOf = (id: string) => (api.received.get(id) ?? []).map((t) => JSON.parse(t) as Record<string, unknown>);

  beforeAll(async () => {
    const { table, endpoint, variables } = await freshLocalTable('gateway');
    const repository = createNodeDeps(
      { AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: SECRET, ...variables },
      'node',
    ).repository;
    const at = new Date().toISOString();
    await repository.createConversation({
      id: '01JGATEWAY0000000000000C01',
      title: 'gw',
      createdBy: 'gw-a',
      participantIds: ['gw-a', 'gw-b'],
      createdAt: at,
      updatedAt: at,
      lastActivityAt: at,
      lastMessageId: null,
      version: 1,
    } as Conversation);
    api = await startManagementApi({ region: REGION, ...KEYS, stage: 'live', live: ['A1', 'B1', 'C1'] });
    deps = {
      tickets: ticketOpener(SECRET),
      connections: dynamoConnectionStore(transports.aws4fetch(endpoint), table),
      post: managementApi({ endpoint: api.endpoint, region: REGION, credentials: KEYS }),
      getConversation: (id) => repository.getConversation(id),
      now: () => now,
    };
  }, 60_000);
  afterAll(async () => api?.close());

  it('$connect accepts a ticket once; a used, forged or expired ticket gets 401', async () => {
    const ticket = await ticketFor('gw-a');
    expect(await connect('A1', ticket)).toBe(200);
    expect(await connect('A2', ticket)).toBe(401);
    expect(await connect('A3', `${ticket.slice(0, -2)}AA`)).toBe(401);
    const old = await ticketFor('gw-a');
    now += 61_000;
    expect(await connect('A4', old)).toBe(401);
    expect((await deps.connections.ofUser('gw-a')).map((c) => c.connectionId)).toEqual(['A1']);
  });

  it('$default: ping → pong; typing relayed to the other participant only; an outsider and junk get error frames', async () => {
    expect(await connect('B1', await ticketFor('gw-b'))).toBe(200);
    expect(await connect('C1', await ticketFor('gw-c'))).toBe(200);
    await frame('B1', '{"type":"ping"}');
    expect(framesOf('B1')).toContainEqual({ type: 'pong' });
    await frame('B1', JSON.stringify({ type: 'typing', conversationId: '01JGATEWAY0000000000000C01' }));
    expect(framesOf('A1').find((f) => f.type === 'typing')).toMatchObject({ id: 'gw-b' });
    expect(framesOf('C1').filter((f) => f.type === 'typing')).toEqual([]);
    await frame('C1', JSON.stringify({ type: 'typing', conversationId: '01JGATEWAY0000000000000C01' }));
    expect(framesOf('C1').at(-1)).toMatchObject({ type: 'error', code: 'not-participant' });
    await frame('C1', 'not json');
    expect(framesOf('C1').at(-1)).toMatchObject({ type: 'error', code: 'malformed-frame' });
    expect(api.refused).toEqual([]);
  });

  it('$default rate-limits typing per connection (the bucket on its item)', async () => {
    const typing = JSON.stringify({ type: 'typing', conversationId: '01JGATEWAY0000000000000C01' });
    for (let i = 0; i < 6; i++) await frame('A1', typing);
    const errors = framesOf('A1').filter((f) => f.type === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'rate-limited' })]);
    expect(framesOf('B1').filter((f) => f.type === 'typing' && f.id === 'gw-a')).toHaveLength(5);
    now += 1_000;
    await frame('A1', typing);
    expect(framesOf('B1').filter((f) => f.type === 'typing' && f.id === 'gw-a')).toHaveLength(6);
  });

  it('$disconnect deletes the connection; a second one (a duplicate event) changes nothing', async () => {
    const event = fixture('disconnect', { __CONNECTION__: 'C1' });
    expect((await dispatchWebSocketEvent(event, deps)).statusCode).toBe(200);
    expect((await dispatchWebSocketEvent(event, deps)).statusCode).toBe(200);
    expect(await deps.connections.ofUser('gw-c')).toEqual([]);
    expect(await deps.connections.ofConnection('C1')).toBeNull();
  });
});
