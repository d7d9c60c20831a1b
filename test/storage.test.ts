import { createMemoryRepository } from '../src/repository/memory/index.js';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { signDevToken } from '../src/auth/dev-token.js';
import { DynamoTransportError } from '../src/repository/dynamodb/index.js';
import type { KvNamespaceLike } from '../src/repository/kv/index.js';
import { createStorage } from '../src/storage.js';
import type { RequestRecord } from '../src/telemetry/port.js';
import { hs256TestConfig } from './support/app-config.js';
import { countingTransport, dynamodbEndpoint, freshTable, REGION, transports } from './repository/dynamodb-fixtures.js';

/**
 * `createStorage`'s counted views (`Storage.counted`): every store call of one request is counted
 * into that request's meter, retries included, and concurrent requests never share a count. Against
 * DynamoDB Local for DynamoDB; KV through a small in-memory namespace (it only records calls: the KV
 * backend itself runs on workerd in test/repository/kv.test.ts).
 */
const { secret, config } = hs256TestConfig('storage');

describe('createStorage: per-request round-trip counting', () => {
  it('DynamoDB: the count of each request equals the calls that reached DynamoDB Local, under concurrency', async () => {
    const endpoint = dynamodbEndpoint();
    const table = await freshTable(transports.aws4fetch(endpoint), 'storage');
    const probe = countingTransport(transports.aws4fetch(endpoint));
    const storage = createStorage(
      { backend: 'dynamodb', table, region: REGION, replicaRegions: [], endpoint },
      { dynamodb: { connect: () => probe.transport } },
    );
    const records: RequestRecord[] = [];
    const app = createApp({
      config,
      repository: storage.repository,
      countedRepository: storage.counted!,
      log: () => {},
      telemetry: { request: (record) => records.push(record) },
    });
    const users = Array.from({ length: 8 }, (_, i) => `storage-user-${i}-${Math.random().toString(36).slice(2, 6)}`);
    const tokens = await Promise.all(users.map((sub) => signDevToken({ sub, secret })));
    await Promise.all(
      users.map((sub, i) =>
        app.fetch(
          new Request('http://parley.test/v1/users/me', {
            method: 'PUT',
            headers: { authorization: `Bearer ${tokens[i]}`, 'content-type': 'application/json' },
            body: JSON.stringify({ handle: sub.replaceAll('-', '_'), displayName: sub }),
          }),
        ),
      ),
    );
    probe.reset();
    await Promise.all(
      tokens.map((token) =>
        app.fetch(new Request('http://parley.test/v1/users/me', { headers: { authorization: `Bearer ${token}` } })),
      ),
    );
    const reads = records.slice(users.length);
    expect(reads.map((r) => r.status)).toEqual(users.map(() => 200));
    // Each GET /v1/users/me is one GetItem; eight ran at once, and each counted its own.
    expect(reads.map((r) => r.roundTrips)).toEqual(users.map(() => 1));
    expect(probe.calls).toEqual(users.map(() => 'GetItem'));
    const writes = records.slice(0, users.length);
    for (const write of writes) expect(write.roundTrips).toBeGreaterThanOrEqual(1);
  });

  it('DynamoDB: a retried call counts once per attempt (fault injection: a throttling transport)', async () => {
    let attempts = 0;
    const storage = createStorage(
      { backend: 'dynamodb', table: 't', region: REGION, replicaRegions: [] },
      // No network: the transport below answers.
      {
        dynamodb: {
          connect: () => async () => {
            attempts++;
            // Fault injection: throttled twice, then an empty answer.
            if (attempts <= 2) throw new DynamoTransportError('ThrottlingException', 'throttled', { status: 400 });
            return {};
          },
        },
      },
    );
    const meter = { roundTrips: 0 };
    await storage.counted!(meter)
      .getUser('u')
      .catch(() => undefined);
    expect(attempts).toBe(3);
    expect(meter.roundTrips).toBe(3);
  });

  it('KV: every namespace call of the request is counted', async () => {
    const data = new Map<string, string>();
    const namespace: KvNamespaceLike = {
      get: async (key) => data.get(key) ?? null,
      put: async (key, value) => void data.set(key, value),
      delete: async (key) => void data.delete(key),
      list: async () => ({ list_complete: true, keys: [] }),
    };
    const storage = createStorage({ backend: 'kv' }, { kv: namespace });
    const meter = { roundTrips: 0 };
    const counted = storage.counted!(meter);
    expect(await counted.getUser('nobody')).toBeNull();
    expect(meter.roundTrips).toBe(1);
    const other = { roundTrips: 0 };
    await storage.counted!(other).getUserByHandle('nobody');
    expect([meter.roundTrips, other.roundTrips]).toEqual([1, 1]);
  });

  it('memory: no store, no round trips, and the same state as the uncounted repository', async () => {
    const storage = createStorage({ backend: 'memory' }, { memory: createMemoryRepository });
    expect(storage.counted!({ roundTrips: 0 })).toBe(storage.repository);
  });
});
