import { build } from 'esbuild';
import type { Miniflare, WorkerOptions } from 'miniflare';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  deadJwksUrl,
  epochSeconds,
  makeKey,
  signWith,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from '../unit/auth-fixtures.js';

// The verifier runs on Workers too: jose's remote JWKS has Workers-specific code paths (it drops
// in-flight fetches shared across requests there), so JWKS mode is exercised inside workerd
// against a real loopback JWKS server. The test Worker joins the run's one Miniflare
// (`workerd.test.ts`) as `AUTH_WORKER`, so workerd still starts once per run.
export const AUTH_WORKER = 'auth-jwks';
const entry = fileURLToPath(new URL('./auth-jwks-entry.ts', import.meta.url));

let server: JwksServer;
let rsa: TestKey;
let ec: TestKey;

/** Starts the JWKS server and returns the test Worker's options; `close` stops the server. */
export async function authJwksWorker(
  compatibilityDate: string,
): Promise<{ options: WorkerOptions; close(): Promise<void> }> {
  [rsa, ec] = await Promise.all([makeKey('RS256', 'rsa-1'), makeKey('ES256', 'ec-1')]);
  server = await startJwksServer([rsa.jwk, ec.jwk]);
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: ['workerd', 'worker', 'browser'],
    logLevel: 'silent',
  });
  return {
    options: {
      name: AUTH_WORKER,
      modules: true,
      script: bundle.outputFiles[0]?.text ?? '',
      compatibilityDate,
      bindings: { JWKS_URL: server.url, DEAD_JWKS_URL: await deadJwksUrl() },
    },
    close: () => server.close(),
  };
}

let mf: () => Promise<Miniflare>;

export function describeJwksInWorkerd(workerd: () => Promise<Miniflare>): void {
  mf = workerd;

  async function call(token: string, path = '/whoami') {
    const worker = await (await mf()).getWorker(AUTH_WORKER);
    const response = await worker.fetch(new URL(path, 'http://auth.test'), {
      headers: { authorization: `Bearer ${token}` },
    });
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
}
