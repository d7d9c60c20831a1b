import { describe, expect, it } from 'vitest';
import { workerUrl } from './target.js';
import { LEAKY_VALUE, type MISCONFIGURED } from './workers.js';

type Name = keyof typeof MISCONFIGURED;

/**
 * Worker-only cases: a bad configuration is not a crash or an opaque 500 on every request, but a
 * problem that names what to fix (and never a value), on every route including `/health`.
 */
async function get(name: Name, path: string) {
  const response = await fetch(new URL(path, workerUrl(name)), { headers: { authorization: 'Bearer x' } });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

describe('Worker start-up configuration (workerd)', () => {
  it('missing and too-short secrets and a missing KV binding are one 500 problem naming each variable', async () => {
    for (const path of ['/health', '/v1/users/me']) {
      const result = await get('parley-missing-secrets', path);
      expect(result.status, result.text).toBe(500);
      expect(result.headers.get('content-type')).toBe('application/problem+json');
      expect(result.headers.get('x-request-id')).toBeTruthy();
      const problem = JSON.parse(result.text) as { type: string; status: number; detail: string };
      expect(problem).toMatchObject({ type: 'https://parley.dev/problems/internal-error', status: 500 });
      expect(problem.detail).toContain('AUTH_HS256_SECRET');
      expect(problem.detail).toContain('CURSOR_SECRET');
      expect(problem.detail).toContain('PARLEY_KV');
      expect(result.text).not.toContain(LEAKY_VALUE);
    }
  });

  it('STORAGE_BACKEND=dynamodb without region and credentials names exactly those', async () => {
    const { status, text } = await get('parley-dynamodb-incomplete', '/health');
    expect(status, text).toBe(500);
    const { detail } = JSON.parse(text) as { detail: string };
    for (const name of ['AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) expect(detail).toContain(name);
    expect(detail).not.toContain('DYNAMODB_TABLE');
    expect(detail).not.toContain('CURSOR_SECRET');
  });

  it('an unknown STORAGE_BACKEND is named', async () => {
    const { status, text } = await get('parley-unknown-backend', '/health');
    expect(status, text).toBe(500);
    expect((JSON.parse(text) as { detail: string }).detail).toContain(
      'STORAGE_BACKEND must be durable-object or kv or dynamodb',
    );
  });

  it('STORAGE_BACKEND=durable-object without its bindings names each binding and the bad location hint', async () => {
    const { status, text } = await get('parley-durable-object-unbound', '/health');
    expect(status, text).toBe(500);
    const { detail } = JSON.parse(text) as { detail: string };
    for (const name of ['PARLEY_CONVERSATIONS', 'PARLEY_USERS', 'PARLEY_HANDLES', 'PARLEY_IDEMPOTENCY']) {
      expect(detail).toContain(`${name} (Durable Object binding) is missing`);
    }
    expect(detail).toContain('DO_LOCATION_HINT must be one of wnam, enam, sam, weur, eeur, apac, oc, afr, me');
    expect(detail).not.toContain('mars');
  });

  it('on a deployed stage the 500 names no variable (the log line does) and quotes the request id', async () => {
    const response = await fetch(new URL('/health', workerUrl('parley-production-misconfigured')), {
      headers: { 'x-request-id': 'req-prod-1' },
    });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('req-prod-1');
    const { detail } = (await response.json()) as { detail: string };
    expect(detail).toBe('The service is misconfigured. Quote request id req-prod-1 when reporting this.');
  });
});
