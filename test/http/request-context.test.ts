import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { REQUEST_LIMITS } from '../../src/http/request-limits.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import type { Repository } from '../../src/repository/port.js';
import { hs256TestConfig } from '../support/app-config.js';

// The outermost layer (`withRequestContext`): every response carries the request id from the start,
// whichever part of the app built it, and every request writes exactly one access-log line of a
// fixed shape.

const { secret, config } = hs256TestConfig('request-context');

function setup(repository: Repository = createMemoryRepository()) {
  const logs: Array<Record<string, unknown>> = [];
  const app = createApp({ config, repository, log: (entry) => logs.push(entry) });
  const send = (path: string, init: RequestInit = {}) => app.fetch(new Request(`http://parley.test${path}`, init));
  const accessLines = () => logs.filter((entry) => entry.msg === 'request');
  return { app, logs, send, accessLines };
}

describe('request context', () => {
  it('writes one access-log line per request, of a fixed shape', async () => {
    const { send, accessLines } = setup();
    const response = await send('/health?probe=1', { headers: { 'x-request-id': 'trace-1' } });
    expect(response.status).toBe(200);
    const lines = accessLines();
    expect(lines).toHaveLength(1);
    const [line] = lines;
    expect(Object.keys(line!)).toEqual([
      'level',
      'msg',
      'requestId',
      'traceId',
      'method',
      'path',
      'route',
      'status',
      'durationMs',
      'roundTrips',
      'coldStart',
      'replayed',
      'unhandledError',
    ]);
    // The memory store counts no round trips: the field is left out of the serialized line.
    expect(JSON.parse(JSON.stringify(line))).not.toHaveProperty('roundTrips');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      requestId: 'trace-1',
      method: 'GET',
      path: '/health',
      route: 'GET /health',
      status: 200,
      coldStart: true,
      replayed: false,
      unhandledError: false,
    });
    expect(line!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof line!.durationMs).toBe('number');
  });

  it('logs the decoded path, as the router sees it, and the method asked', async () => {
    const { send, accessLines } = setup();
    await send('/v1/users/%61lice?x=%2F', { method: 'DELETE' });
    expect(accessLines()[0]).toMatchObject({ method: 'DELETE', path: '/v1/users/alice', status: 401 });
  });

  it('gives every kind of response the request id, and logs each once', async () => {
    const { send, accessLines } = setup();
    const token = await signDevToken({ sub: 'alice', secret });
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await send('/v1/conversations', {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'k-1', 'x-request-id': 'post-1' },
      body: JSON.stringify({ participantIds: [] }),
    });
    const replayed = await send('/v1/conversations', {
      method: 'POST',
      headers: { ...auth, 'idempotency-key': 'k-1', 'x-request-id': 'post-2' },
      body: JSON.stringify({ participantIds: [] }),
    });
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    const cases: Array<[Response, string, number]> = [
      [await send('/health', { headers: { 'x-request-id': 'ok' } }), 'ok', 200],
      [await send('/health', { method: 'HEAD', headers: { 'x-request-id': 'head' } }), 'head', 200],
      [await send('/nope', { headers: { 'x-request-id': 'missing' } }), 'missing', 404],
      [await send('/health', { method: 'POST', headers: { 'x-request-id': 'wrong-method' } }), 'wrong-method', 405],
      [await send('/v1/users/me', { headers: { 'x-request-id': 'no-token' } }), 'no-token', 401],
      [
        await send(`/health?q=${'a'.repeat(REQUEST_LIMITS.urlChars)}`, { headers: { 'x-request-id': 'long' } }),
        'long',
        414,
      ],
      [
        await send('/health', { headers: { 'x-request-id': 'big', 'x-pad': 'p'.repeat(REQUEST_LIMITS.headerBytes) } }),
        'big',
        431,
      ],
      [created, 'post-1', 201],
      [replayed, 'post-2', 201],
    ];
    for (const [response, id, status] of cases) {
      expect([id, response.status]).toEqual([id, status]);
      expect(response.headers.get('x-request-id')).toBe(id);
    }
    expect(accessLines().map((line) => [line.requestId, line.status])).toEqual([
      ['post-1', 201],
      ['post-2', 201],
      ...cases.slice(0, 7).map(([, id, status]) => [id, status]),
    ]);
  });

  it('a 500 carries the id that the error log quotes', async () => {
    const memory = createMemoryRepository();
    const failing = {
      ...memory,
      listConversations: async () => {
        throw new Error('boom');
      },
    } as Repository;
    const { send, logs } = setup(failing);
    const token = await signDevToken({ sub: 'alice', secret });
    const response = await send('/v1/conversations', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(500);
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.find((entry) => entry.level === 'error')).toMatchObject({ requestId: id });
    expect(logs.find((entry) => entry.msg === 'request')).toMatchObject({ requestId: id, status: 500 });
  });
});
