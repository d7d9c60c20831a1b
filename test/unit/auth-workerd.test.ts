import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { deadJwksUrl, epochSeconds, makeKey, signWith, startJwksServer, type JwksServer, type TestKey } from './auth-fixtures.js';

// The verifier runs on Workers too: jose's remote JWKS has Workers-specific code paths (it drops
// in-flight fetches shared across requests there), so JWKS mode is exercised inside workerd
// against the same real loopback JWKS server.
const entry = fileURLToPath(new URL('./auth-workerd-entry.ts', import.meta.url));

let server: JwksServer;
let mf: Miniflare;
let rsa: TestKey;
let ec: TestKey;
let base: URL;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([makeKey('RS256', 'rsa-1'), makeKey('ES256', 'ec-1')]);
  server = await startJwksServer([rsa.jwk, ec.jwk]);
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: ['worker', 'browser'],
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]?.text ?? '',
    compatibilityDate: '2025-01-01',
    bindings: { JWKS_URL: server.url, DEAD_JWKS_URL: await deadJwksUrl() },
  });
  base = await mf.ready;
});
afterAll(async () => {
  await mf?.dispose();
  await server?.close();
});

async function call(token: string, path = '/whoami') {
  const response = await mf.dispatchFetch(new URL(path, base), { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('token verification inside workerd (jwks mode)', () => {
  it('accepts RS256 and ES256 tokens and fetches the JWKS once across requests', async () => {
    const claims = { sub: 'user-1', exp: epochSeconds(new Date()) + 600 };
    for (let i = 0; i < 6; i += 1) {
      expect(await call(await signWith(i % 2 ? rsa : ec, claims))).toEqual({ status: 200, body: { sub: 'user-1' } });
    }
    expect(server.requests).toBe(1);
  });

  it('rejects an expired token with its description', async () => {
    const token = await signWith(rsa, { sub: 'user-1', exp: epochSeconds(new Date()) - 120 });
    expect(await call(token)).toEqual({ status: 401, body: { error: 'AuthError', description: 'token expired' } });
  });

  it('answers an unknown kid from the cache during the cooldown', async () => {
    const other = await makeKey('RS256', 'rsa-new');
    const token = await signWith(other, { sub: 'user-1', exp: epochSeconds(new Date()) + 600 });
    expect(await call(token)).toEqual({ status: 401, body: { error: 'AuthError', description: 'unknown key' } });
    expect(server.requests).toBe(1);
  });

  it('reports an unreachable JWKS endpoint as unavailable (503), not as a bad token', async () => {
    const token = await signWith(rsa, { sub: 'user-1', exp: epochSeconds(new Date()) + 600 });
    expect(await call(token, '/whoami-dead')).toEqual({ status: 503, body: { error: 'AuthUnavailableError' } });
  });
});
