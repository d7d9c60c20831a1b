import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import type { Repository } from '../../src/repository/port.js';
import { OPERATIONS } from '../../src/routes/table.js';
import { createStorage } from '../../src/storage.js';
import { createEmfTelemetry, EMF_DIMENSIONS, EMF_NAMESPACE } from '../../src/telemetry/emf.js';
import type { RequestRecord } from '../../src/telemetry/port.js';
import { hs256TestConfig } from '../support/app-config.js';
import { emfProblems } from '../support/emf.js';

const { secret, config } = hs256TestConfig('emf');

/** The app as Lambda builds it (EMF telemetry, a store that counts its round trips), its lines kept. */
function emfApp(wrap: (repository: Repository) => Repository = (r) => r) {
  const lines: string[] = [];
  const storage = createStorage({ backend: 'memory' }, { memory: createMemoryRepository });
  const app = createApp({
    config,
    repository: wrap(storage.repository),
    countedRepository: (meter) => wrap(storage.counted!(meter)),
    log: () => {},
    telemetry: createEmfTelemetry({ stage: 'test', write: (line) => lines.push(line), now: () => 1_765_000_000_123 }),
  });
  const send = (path: string, init: RequestInit = {}) => app.fetch(new Request(`http://parley.test${path}`, init));
  return { lines, send, docs: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

const record: RequestRecord = {
  requestId: 'r-1',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  method: 'GET',
  path: '/v1/conversations/01J',
  route: 'GET /v1/conversations/{conversationId}',
  status: 200,
  latencyMs: 3.25,
  roundTrips: 2,
  replayed: false,
  coldStart: false,
  unhandledError: false,
};

describe('CloudWatch EMF telemetry', () => {
  it('writes one line per request that the EMF specification accepts', async () => {
    const { lines, send } = emfApp();
    const token = await signDevToken({ sub: 'emf-alice', secret });
    await send('/health');
    await send('/nope');
    await send('/v1/users/me');
    await send('/v1/users/me', {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ handle: 'emf_alice', displayName: 'Alice' }),
    });
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(emfProblems(line), line).toEqual([]);
  });

  it('the checker rejects what CloudWatch would not extract (so the test above can fail)', () => {
    const lines: string[] = [];
    createEmfTelemetry({ stage: 'test', write: (line) => lines.push(line) }).request(record);
    const good = JSON.parse(lines[0]!);
    const without = (key: string) => {
      const copy = structuredClone(good);
      delete copy[key];
      return JSON.stringify(copy);
    };
    expect(emfProblems(lines[0]!)).toEqual([]);
    expect(emfProblems(without('Latency'))).toContain('metric Latency is not a number member');
    expect(emfProblems(without('route'))).toContain('dimension route is not a string member');
    expect(emfProblems(JSON.stringify({ ...good, _aws: { CloudWatchMetrics: good._aws.CloudWatchMetrics } }))).toEqual(
      expect.arrayContaining([expect.stringContaining('Timestamp')]),
    );
    const badUnit = structuredClone(good);
    badUnit._aws.CloudWatchMetrics[0].Metrics[0].Unit = 'Millis';
    expect(emfProblems(JSON.stringify(badUnit)).join()).toMatch(/pattern/);
    expect(emfProblems(`2026-01-01T00:00:00Z\tINFO\t${lines[0]}`)).toEqual(['not one JSON object']);
  });

  it('uses namespace Parley and two fixed dimension sets, with the access-log fields beside the metrics', () => {
    const lines: string[] = [];
    createEmfTelemetry({ stage: 'prod', write: (line) => lines.push(line), now: () => 1_765_000_000_123 }).request(
      record,
    );
    const doc = JSON.parse(lines[0]!);
    expect(doc._aws).toEqual({
      Timestamp: 1_765_000_000_123,
      CloudWatchMetrics: [
        {
          Namespace: 'Parley',
          Dimensions: [['service', 'stage']],
          Metrics: [
            { Name: 'Latency', Unit: 'Milliseconds' },
            { Name: 'Http4xx', Unit: 'Count' },
            { Name: 'Http5xx', Unit: 'Count' },
            { Name: 'IdempotentReplays', Unit: 'Count' },
            { Name: 'StoreRoundTrips', Unit: 'Count' },
          ],
        },
        {
          Namespace: 'Parley',
          Dimensions: [['service', 'stage', 'route']],
          Metrics: [
            { Name: 'Latency', Unit: 'Milliseconds' },
            { Name: 'Http5xx', Unit: 'Count' },
          ],
        },
      ],
    });
    expect(EMF_NAMESPACE).toBe('Parley');
    expect(EMF_DIMENSIONS.flat()).not.toContain('requestId');
    expect(doc).toMatchObject({
      service: 'parley',
      stage: 'prod',
      level: 'info',
      msg: 'request',
      requestId: 'r-1',
      traceId: record.traceId,
      route: 'GET /v1/conversations/{conversationId}',
      path: '/v1/conversations/01J',
      status: 200,
      durationMs: 3.25,
      Latency: 3.25,
      StoreRoundTrips: 2,
      Http4xx: 0,
      Http5xx: 0,
      IdempotentReplays: 0,
    });
    expect(doc).not.toHaveProperty('ColdStart');
    expect(doc).not.toHaveProperty('UnhandledError');
  });

  it('counts a cold start once, on the first request of the app', async () => {
    const { send, docs } = emfApp();
    await send('/health');
    await send('/health');
    await send('/health');
    expect(docs().map((doc) => doc.ColdStart)).toEqual([1, undefined, undefined]);
    expect(docs().map((doc) => doc.coldStart)).toEqual([true, false, false]);
    const coldMetrics = docs()[0]!._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name);
    expect(coldMetrics).toContain('ColdStart');
  });

  it('names the route by its template, never by an id, and unmatched requests as one route', async () => {
    const { send, docs } = emfApp();
    const token = await signDevToken({ sub: 'emf-bob', secret });
    const auth = { authorization: `Bearer ${token}` };
    await send('/v1/conversations/01JABCDEFGHJKMNPQRSTVWXYZ0', { headers: auth });
    await send('/v1/users/emf-carol', { headers: auth });
    await send('/no/such/route');
    await send('/health', { method: 'DELETE' });
    await send('/v1/users/me', { method: 'HEAD' });
    expect(docs().map((doc) => doc.route)).toEqual([
      'GET /v1/conversations/{conversationId}',
      'GET /v1/users/{userId}',
      'unmatched',
      'unmatched',
      'GET /v1/users/me',
    ]);
    const templates = new Set([...OPERATIONS.map((o) => o.route), 'unmatched']);
    for (const doc of docs()) expect(templates).toContain(doc.route);
  });

  it('marks 4xx and 5xx, and an unhandled error as its own metric', async () => {
    const { send, docs } = emfApp((repository) => ({
      ...repository,
      listConversations: async () => {
        throw new Error('boom');
      },
    }));
    const token = await signDevToken({ sub: 'emf-dave', secret });
    await send('/v1/conversations');
    await send('/v1/conversations', { headers: { authorization: `Bearer ${token}` } });
    const [unauthorized, failed] = docs();
    // Refused by the auth middleware before the operation ran: still named by its route.
    expect(unauthorized).toMatchObject({
      status: 401,
      route: 'GET /v1/conversations',
      Http4xx: 1,
      Http5xx: 0,
      unhandledError: false,
    });
    expect(unauthorized).not.toHaveProperty('UnhandledError');
    expect(failed).toMatchObject({ status: 500, Http4xx: 0, Http5xx: 1, UnhandledError: 1, unhandledError: true });
    expect(failed!._aws.CloudWatchMetrics[0].Metrics).toContainEqual({ Name: 'UnhandledError', Unit: 'Count' });
    expect(emfProblems(JSON.stringify(failed))).toEqual([]);
  });

  it('counts an idempotent replay', async () => {
    const { send, docs } = emfApp();
    const token = await signDevToken({ sub: 'emf-erin', secret });
    const post = () =>
      send('/v1/conversations', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'emf-k1' },
        body: JSON.stringify({ participantIds: [] }),
      });
    expect((await post()).status).toBe(201);
    expect((await post()).headers.get('idempotent-replayed')).toBe('true');
    expect(docs().map((doc) => [doc.IdempotentReplays, doc.replayed])).toEqual([
      [0, false],
      [1, true],
    ]);
  });
});
