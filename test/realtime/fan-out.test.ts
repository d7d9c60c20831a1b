import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDeps } from '../../adapters/node/deps.js';
import type { Conversation, Message } from '../../src/domain/model.js';
import { dynamoConnectionStore } from '../../src/realtime/dynamodb-connections.js';
import { fanOut } from '../../src/realtime/fan-out.js';
import { managementApi } from '../../src/realtime/management-api.js';
import type { StreamRecordLike } from '../../src/realtime/stream-changes.js';
import type { Repository } from '../../src/repository/port.js';
import { makeConversation, makeMessage } from '../contract/repository/fixtures.js';
import { readStream, createStreamTable } from '../support/dynamodb-streams.js';
import { startManagementApi } from '../support/management-api-stand-in.js';
import {
  dynamodbEndpoint,
  LOCAL_KEYS,
  localDynamoVariables,
  REGION,
  transports,
} from '../repository/dynamodb-fixtures.js';

// The AWS fan-out use case driven by DynamoDB Local's own stream: writes through the DynamoDB
// backend, the table's stream read with DynamoDB Streams' DescribeStream / GetShardIterator /
// GetRecords on DynamoDB Local's endpoint, and the management API's loopback stand-in, which checks
// each request's SigV4 signature and answers 410 for connections it does not know.
const KEYS = { accessKeyId: 'fanout-key', secretAccessKey: 'fanout-secret-0123456789' };
describe('fan-out from DynamoDB Streams (DynamoDB Local) to the @connections API (SigV4 stand-in)', () => {
  let endpoint: string;
  let table: string;
  let repository: Repository;
  let records: StreamRecordLike[];
  let conversation: Conversation;
  let message: Message;
  const [a, b, c] = ['fan-a', 'fan-b', 'fan-c'];

  beforeAll(async () => {
    endpoint = dynamodbEndpoint();
    table = `parley-fanout-${Math.random().toString(36).slice(2, 8)}`;
    await createStreamTable(endpoint, table);
    repository = createNodeDeps(
      { AUTH_HS256_SECRET: 'x'.repeat(32), CURSOR_SECRET: 'y'.repeat(32), ...localDynamoVariables(table, endpoint) },
      'node',
    ).repository;
    conversation = makeConversation(a, [b], { title: 'fan-out' });
    await repository.createConversation(conversation);
    message = makeMessage(conversation.id, a, { body: 'hello B', attachments: [] });
    await repository.postMessage(message);
    await repository.markRead(conversation.id, b, message.id, message.createdAt);
    records = await readStream(endpoint, table);
  }, 60_000);

  const setup = async (secretAccessKey = KEYS.secretAccessKey) => {
    const api = await startManagementApi({ region: REGION, ...KEYS, stage: 'test', live: ['b-1', 'c-1'] });
    const connections = dynamoConnectionStore(transports.aws4fetch(endpoint), table);
    const expires = Math.floor(Date.now() / 1000) + 3600;
    await connections.add({ userId: b, connectionId: 'b-1' }, expires);
    await connections.add({ userId: b, connectionId: 'b-closed' }, expires);
    await connections.add({ userId: c, connectionId: 'c-1' }, expires);
    const deps = {
      connections,
      post: managementApi({ endpoint: api.endpoint, region: REGION, credentials: { ...KEYS, secretAccessKey } }),
      participants: async (id: string) => (await repository.getConversation(id))?.participantIds ?? [],
    };
    return { api, connections, deps };
  };

  it("reads the table's stream: the conversation, membership and message items, with their images", () => {
    const sks = records.map((r) => (r.dynamodb?.Keys?.SK as { S?: string } | undefined)?.S);
    expect(sks).toContain('CONV');
    expect(sks).toContain(`MSG#${message.id}`);
    expect(records.every((r) => r.eventName !== undefined)).toBe(true);
  });

  it('sends message.created to the participant, not to a non-participant; a gone connection is deleted', async () => {
    const { api, connections, deps } = await setup();
    try {
      await fanOut(records, deps);
      const frames = (api.received.get('b-1') ?? []).map((text) => JSON.parse(text) as Record<string, unknown>);
      expect(frames.find((f) => f.type === 'message.created')).toMatchObject({
        conversationId: conversation.id,
        id: message.id,
        version: 1,
      });
      expect(frames.map((f) => f.type)).toContain('conversation.updated');
      expect(api.received.get('c-1')).toBeUndefined();
      expect(api.refused).toEqual([]);
      expect((await connections.ofUser(b)).map((x) => x.connectionId)).toEqual(['b-1']);
    } finally {
      await api.close();
    }
  });

  it('sends read.updated (without the private unread count) when a horizon moved by markRead, not when a post moved it', async () => {
    const { api, deps } = await setup();
    try {
      await fanOut(records, deps);
      const frames = (api.received.get('b-1') ?? []).map((text) => JSON.parse(text) as Record<string, unknown>);
      const reads = frames.filter((f) => f.type === 'read.updated');
      // A's post moved A's horizon too (a membership MODIFY with the activity): that is message.created only.
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        conversationId: conversation.id,
        id: b,
        at: message.createdAt,
        data: { conversationId: conversation.id, userId: b, lastReadMessageId: message.id, readAt: message.createdAt },
      });
      expect(reads[0]?.data).not.toHaveProperty('unreadCount');
      expect(api.received.get('c-1')).toBeUndefined();
    } finally {
      await api.close();
    }
  });

  it('a batch delivered again sends again (at least once) and changes nothing else; foreign and removal records send nothing', async () => {
    const { api, connections, deps } = await setup();
    try {
      const first = await fanOut(records, deps);
      const second = await fanOut(records, deps);
      expect(second).toBe(first);
      // The re-sent read.updated is the same frame, so a client drops it by its id and time.
      const reads = (api.received.get('b-1') ?? []).filter((text) => JSON.parse(text).type === 'read.updated');
      expect(reads).toHaveLength(2);
      expect(reads[1]).toBe(reads[0]);
      // A membership MODIFY without its images (malformed) sends nothing.
      const membership = records.find((r) => r.eventName === 'MODIFY' && JSON.stringify(r).includes('readMessageId'));
      expect(membership).toBeDefined();
      expect(await fanOut([{ ...membership, dynamodb: { Keys: membership?.dynamodb?.Keys } }], deps)).toBe(0);
      expect(
        await fanOut(
          [{ eventName: 'REMOVE', dynamodb: {} }, {}, { eventName: 'INSERT', dynamodb: { Keys: {} } }],
          deps,
        ),
      ).toBe(0);
      expect((await connections.ofUser(b)).map((x) => x.connectionId)).toEqual(['b-1']);
    } finally {
      await api.close();
    }
  });

  it('a request signed with the wrong key is refused by the stand-in, and the batch fails (to be retried)', async () => {
    const { api, deps } = await setup('not-the-secret');
    try {
      await expect(fanOut(records, deps)).rejects.toThrow(/403/);
      expect(api.refused.length).toBeGreaterThan(0);
      expect(api.received.size).toBe(0);
    } finally {
      await api.close();
    }
  });
});
