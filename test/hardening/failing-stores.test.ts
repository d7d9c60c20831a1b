import { describe, expect, it } from 'vitest';
import { apiRequest } from '../support/requests.js';
import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import {
  createDynamoRepository,
  DynamoTransportError,
  type DynamoOperation,
  type DynamoTransport,
} from '../../src/repository/dynamodb/index.js';
import { createKvRepository, type KvNamespaceLike } from '../../src/repository/kv/index.js';
import type { Repository } from '../../src/repository/port.js';
import { deadEndpoint } from '../support/dead-endpoint.js';
import { transports } from '../repository/dynamodb-fixtures.js';
import { recordFigures } from './support/figures.js';
import { localTable, targetSecrets } from './support/targets.js';

// Campaign 5 — FAULT INJECTION: the stores below are real DynamoDB Local (`dynamodbEndpoint`) behind
// transports that fail on purpose, or a Map-backed fake KV namespace that answers 429 on purpose (the
// real-namespace KV fault cases run in workerd: test/runtime/kv-faults.ts). After each fault the store
// is read back through a clean repository: it must hold exactly the operations that were answered 2xx.

const secrets = targetSecrets('faults');
const config = {
  stage: 'test',
  target: 'test',
  version: '0.0.0-test',
  auth: { mode: 'hs256' as const, secret: secrets.AUTH_HS256_SECRET },
  cursorSecret: secrets.CURSOR_SECRET,
};
const fastRetry = { baseDelayMs: 1, maxDelayMs: 4 };

function appOver(repository: Repository) {
  const logs: string[] = [];
  const app = createApp({ config, repository, log: (e) => logs.push(JSON.stringify(e)) });
  return {
    logs,
    call: async (sub: string, method: string, path: string, json?: unknown, headers: Record<string, string> = {}) => {
      const token = await signDevToken({ sub, secret: secrets.AUTH_HS256_SECRET });
      const response = await app.fetch(apiRequest(`http://parley.test${path}`, method, token, json, headers));
      const text = await response.text();
      return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
    },
  };
}

/** Fails the first `times` calls of each listed operation with `error()`, then passes calls through. */
function injectFaults(inner: DynamoTransport, operations: DynamoOperation[], times: number, error: () => Error) {
  const seen = new Map<string, number>();
  let injected = 0;
  const transport: DynamoTransport = async (operation, input) => {
    const n = seen.get(operation) ?? 0;
    if (operations.includes(operation) && n < times) {
      seen.set(operation, n + 1);
      injected += 1;
      throw error();
    }
    return inner(operation, input);
  };
  return { transport, injected: () => injected };
}

const throttle = () =>
  new DynamoTransportError('ProvisionedThroughputExceededException', 'injected throttle', { status: 400 });

describe('campaign 5: failing stores (fault injection)', () => {
  it('DynamoDB throttling is retried and the request succeeds, written once', async (context) => {
    const { endpoint, table } = await localTable('hard-throttle');
    const clean = createDynamoRepository({ transport: transports.aws4fetch(endpoint), tableName: table });
    const faults = injectFaults(
      transports.aws4fetch(endpoint),
      ['PutItem', 'TransactWriteItems', 'GetItem', 'Query', 'UpdateItem'],
      2,
      throttle,
    );
    const { call } = appOver(
      createDynamoRepository({ transport: faults.transport, tableName: table, retry: fastRetry }),
    );
    const created = await call('alice', 'POST', '/v1/conversations', { participantIds: [] });
    expect(created.status, created.text).toBe(201);
    const posted = await call(
      'alice',
      'POST',
      `/v1/conversations/${created.body.id}/messages`,
      { body: 'through the throttle' },
      { 'idempotency-key': 'k1' },
    );
    expect(posted.status, posted.text).toBe(201);
    const page = await clean.listMessages(created.body.id, { limit: 10 });
    expect(page.items.map((m) => m.id)).toEqual([posted.body.id]);
    expect((await clean.getConversation(created.body.id))?.lastMessageId).toBe(posted.body.id);
    recordFigures(context, 'failing-stores', 'DynamoDB throttled', {
      injected: faults.injected(),
      succeeded: 2,
      messagesStored: page.items.length,
    });
  });

  it('DynamoDB down: 503 problem with Retry-After on every write, and nothing written', async (context) => {
    const { endpoint, table } = await localTable('hard-down');
    const clean = createDynamoRepository({ transport: transports.aws4fetch(endpoint), tableName: table });
    const down = transports.aws4fetch(await deadEndpoint());
    const { call, logs } = appOver(createDynamoRepository({ transport: down, tableName: table, retry: fastRetry }));
    const conversationId = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const writes = [
      await call('alice', 'PUT', '/v1/users/me', { handle: 'down_alice', displayName: 'A' }),
      await call('alice', 'POST', '/v1/conversations', { participantIds: ['bob'] }, { 'idempotency-key': 'k' }),
      await call('alice', 'POST', `/v1/conversations/${conversationId}/messages`, { body: 'lost?' }),
    ];
    for (const w of writes) {
      expect(w.status, w.text).toBe(503);
      expect(w.headers.get('content-type')).toBe('application/problem+json');
      expect(Number(w.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(w.text).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|DynamoDB|fetch failed/);
    }
    expect(await clean.getUser('alice')).toBeNull();
    expect(await clean.getUserByHandle('down_alice')).toBeNull();
    expect((await clean.listConversations('alice', { limit: 10 })).items).toEqual([]);
    expect(logs.some((l) => l.includes('"level":"error"'))).toBe(true);
    recordFigures(context, 'failing-stores', 'DynamoDB down', {
      requests: writes.length,
      '503': writes.filter((w) => w.status === 503).length,
      written: 0,
    });
  });

  it('a transaction cancelled mid-way leaves no partial state, and the retry applies once', async (context) => {
    const { endpoint, table } = await localTable('hard-cancel');
    const clean = createDynamoRepository({ transport: transports.aws4fetch(endpoint), tableName: table });
    // The message put would succeed on its own, the conversation bump fails its condition: DynamoDB
    // cancels the whole transaction. Once, the backend re-reads the conversation and posts (as after a
    // concurrent rename); every time, the request must fail with nothing of it stored.
    const cancelled = () =>
      new DynamoTransportError('TransactionCanceledException', 'injected cancellation', {
        status: 400,
        cancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      });
    const plain = appOver(
      createDynamoRepository({ transport: transports.aws4fetch(endpoint), tableName: table, retry: fastRetry }),
    );
    const created = await plain.call('alice', 'POST', '/v1/conversations', { participantIds: [] });
    const path = `/v1/conversations/${created.body.id}/messages`;

    const once = injectFaults(transports.aws4fetch(endpoint), ['TransactWriteItems'], 1, cancelled);
    const afterOne = await appOver(
      createDynamoRepository({ transport: once.transport, tableName: table, retry: fastRetry }),
    ).call('alice', 'POST', path, { body: 'first' });
    expect(afterOne.status, afterOne.text).toBe(201);

    const always = injectFaults(transports.aws4fetch(endpoint), ['TransactWriteItems'], 1000, cancelled);
    const failing = appOver(
      createDynamoRepository({ transport: always.transport, tableName: table, retry: fastRetry }),
    );
    const refused = await failing.call(
      'alice',
      'POST',
      path,
      { body: 'all or nothing' },
      { 'idempotency-key': 'cancel-key' },
    );
    expect(refused.status, refused.text).toBeGreaterThanOrEqual(400);
    expect(refused.body.type, refused.text).toBe('https://parley.dev/problems/concurrent-update');
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect((await clean.listMessages(created.body.id, { limit: 10 })).items.map((m) => m.id)).toEqual([
      afterOne.body.id,
    ]);
    expect((await clean.getConversation(created.body.id))?.lastMessageId).toBe(afterOne.body.id);

    // The store recovers: the same key is not stuck, and the message is stored once.
    const retried = await plain.call(
      'alice',
      'POST',
      path,
      { body: 'all or nothing' },
      { 'idempotency-key': 'cancel-key' },
    );
    expect(retried.status, retried.text).toBe(201);
    const page = await clean.listMessages(created.body.id, { limit: 10 });
    expect(page.items.map((m) => m.id)).toEqual([retried.body.id, afterOne.body.id]);
    recordFigures(context, 'failing-stores', 'transaction cancelled', {
      cancelledOnce: afterOne.status,
      cancelledAlways: refused.status,
      retry: retried.status,
      messagesStored: page.items.length,
    });
  });

  it('Workers KV answering 429 is retried with backoff; past the retries it is a 503 and nothing is written', async (context) => {
    const store = new Map<string, { value: string; metadata?: unknown }>();
    let throttleAll = false;
    let injected = 0;
    const recent = new Map<string, number>();
    // FAKE namespace for fault injection: KV's documented 429 when one key is written twice within a
    // second (here: twice in a row), or on every put while `throttleAll` is set.
    const namespace: KvNamespaceLike = {
      get: async (key) => store.get(key)?.value ?? null,
      put: async (key, value, options) => {
        const tries = (recent.get(key) ?? 0) + 1;
        recent.set(key, tries);
        if (throttleAll || tries === 1) {
          injected += 1;
          throw new Error('KV PUT failed: 429 Too Many Requests');
        }
        recent.delete(key);
        store.set(key, { value, metadata: options?.metadata });
      },
      delete: async (key) => void store.delete(key),
      list: async (options) => ({
        list_complete: true,
        keys: [...store.keys()]
          .filter((k) => k.startsWith(options?.prefix ?? ''))
          .sort()
          .map((name) => ({ name, metadata: store.get(name)?.metadata })),
      }),
    };
    const { call } = appOver(createKvRepository({ namespace, retry: { attempts: 4, baseDelayMs: 2, maxDelayMs: 8 } }));
    const created = await call('alice', 'POST', '/v1/conversations', { participantIds: [] });
    expect(created.status, created.text).toBe(201);
    const posted = await call('alice', 'POST', `/v1/conversations/${created.body.id}/messages`, {
      body: 'after a 429',
    });
    expect(posted.status, posted.text).toBe(201);
    const keysBefore = [...store.keys()].sort();
    throttleAll = true;
    const refused = await call('alice', 'POST', `/v1/conversations/${created.body.id}/messages`, {
      body: 'never stored',
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect([...store.keys()].sort()).toEqual(keysBefore);
    throttleAll = false;
    const reader = createKvRepository({ namespace });
    expect((await reader.listMessages(created.body.id, { limit: 10 })).items.map((m) => m.id)).toEqual([
      posted.body.id,
    ]);
    recordFigures(context, 'failing-stores', 'KV 429', { injected, succeeded: 2, '503': 1, messagesStored: 1 });
  });
});
