import { describe, expect, it } from 'vitest';
import { apiRequest } from './support/requests.js';
import { createApp } from '../src/app.js';
import { signDevToken } from '../src/auth/dev-token.js';
import type { AppDeps } from '../src/deps.js';
import { createMemoryRepository } from '../src/repository/memory/index.js';
import { StoreUnavailableError } from '../src/repository/errors.js';
import type { Repository } from '../src/repository/port.js';
import { hs256TestConfig } from './support/app-config.js';

// Fault injection: these tests wrap the memory backend (or `fetch`) to make it fail on purpose.
// That is the only place mocks are used; everything else in `test/http` runs the real app.

const { secret, config } = hs256TestConfig('faults');

function setup(override: (memory: Repository) => Partial<Repository> = () => ({}), extra: Partial<AppDeps> = {}) {
  const memory = createMemoryRepository();
  const logs: Array<Record<string, unknown>> = [];
  const repository = { ...memory, ...override(memory) } as Repository;
  const app = createApp({ config, repository, log: (entry) => logs.push(entry), ...extra });
  const call = async (
    method: string,
    path: string,
    token: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const response = await app.fetch(apiRequest(`http://parley.test${path}`, method, token, json, headers));
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  return { app, memory, logs, call };
}

describe('failing stores and dependencies (fault injection)', () => {
  it('an unexpected error is a 500 with no internals; the log has the cause and the request id', async () => {
    const { call, logs } = setup(() => ({
      listConversations: async () => {
        throw new Error('socket hang up at 10.0.3.7 table=parley-prod');
      },
    }));
    const token = await signDevToken({ sub: 'alice', secret });
    const result = await call('GET', '/v1/conversations', token, undefined, { 'x-request-id': 'req-500' });
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json');
    expect(result.text).not.toContain('10.0.3.7');
    expect(result.text).not.toContain('parley-prod');
    expect(JSON.parse(result.text)).toMatchObject({ type: 'https://parley.dev/problems/internal-error', status: 500 });
    const error = logs.find((entry) => entry.level === 'error');
    expect(error).toMatchObject({ requestId: 'req-500' });
    expect(JSON.stringify(error)).toContain('socket hang up');
  });

  it('an unavailable store is a 503 with Retry-After, and releases the idempotency key', async () => {
    let failures = 1;
    const { call, memory } = setup((m) => ({
      postMessage: async (message, completion) => {
        if (failures-- > 0) throw new StoreUnavailableError('throttled', 2);
        return m.postMessage(message, completion);
      },
    }));
    const token = await signDevToken({ sub: 'alice', secret });
    const created = JSON.parse((await call('POST', '/v1/conversations', token, { participantIds: [] })).text);
    const path = `/v1/conversations/${created.id}/messages`;
    const headers = { 'idempotency-key': 'retry-me' };
    const failed = await call('POST', path, token, { body: 'hi' }, headers);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    const retried = await call('POST', path, token, { body: 'hi' }, headers);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const page = await memory.listMessages(created.id, { limit: 10 });
    expect(page.items).toHaveLength(1);
  });

  it('a JWKS outage is a 503, not a 401', async () => {
    const { app } = setup(() => ({}), {
      config: { ...config, auth: { mode: 'jwks', jwksUrl: 'https://idp.example/jwks.json', algorithms: ['RS256'] } },
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'a', exp: 4102444800 })}.c2ln`;
    const response = await app.fetch(
      new Request('http://parley.test/v1/conversations', { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeTruthy();
  });

  it('health merges the extra fields an adapter supplies', async () => {
    const { app } = setup(() => ({}), { health: () => ({ replica: 'eu-west-1' }) });
    const body = await (await app.fetch(new Request('http://parley.test/health'))).json();
    expect(body).toEqual({
      status: 'ok',
      version: '0.0.0-test',
      target: 'test',
      stage: 'test',
      storage: 'memory',
      replica: 'eu-west-1',
    });
  });

  it('no log line ever holds a token, and access logs carry no query string', async () => {
    const { call, logs } = setup();
    const token = await signDevToken({ sub: 'alice', secret });
    await call('GET', '/v1/conversations?limit=5', token);
    await call('GET', `/v1/conversations?access_token=${token}`, 'bad.token.value');
    await call('PUT', '/v1/users/me', token, { handle: 'alice_h', displayName: 'A' });
    const text = logs.map((entry) => JSON.stringify(entry)).join('\n');
    expect(logs.length).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain('bad.token.value');
    expect(text).not.toContain('limit=5');
  });
});
