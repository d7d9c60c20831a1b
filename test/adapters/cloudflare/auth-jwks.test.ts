import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JwksServer, TestKey } from '../../auth/fixtures.js';
import * as keys from '../../auth/fixtures.js';
import { workerUrl } from './target.js';
import { WORKERS } from './workers.js';

// The verifier runs on Workers too: jose's remote JWKS has Workers-specific code paths (it drops
// in-flight fetches shared across requests there), so JWKS mode is exercised inside workerd
// against a real loopback JWKS server, through a test-only Worker of the run's one workerd.
let server: JwksServer;
let rsa: TestKey;
let ec: TestKey;
let dead: string;

beforeAll(async () => {
  [rsa, ec] = await Promise.all([keys.makeKey('RS256', 'rsa-1'), keys.makeKey('ES256', 'ec-1')]);
  server = await keys.startJwksServer([rsa.jwk, ec.jwk]);
  dead = await keys.deadJwksUrl();
});
afterAll(() => server.close());

async function call(token: string, jwksUrl = server.url) {
  const response = await fetch(new URL('/whoami', workerUrl(WORKERS.jwks)), {
    headers: { authorization: `Bearer ${token}`, 'x-jwks-url': jwksUrl },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('token verification inside workerd (jwks mode)', () => {
  it('accepts RS256 and ES256 tokens and fetches the JWKS once across requests', async () => {
    const claims = { sub: 'user-1', exp: keys.epochSeconds(new Date()) + 600 };
    for (let i = 0; i < 6; i += 1) {
      expect(await call(await keys.signWith(i % 2 ? rsa : ec, claims))).toEqual({
        status: 200,
        body: { sub: 'user-1' },
      });
    }
    expect(server.requests).toBe(1);
  });

  it('rejects an expired token with its description', async () => {
    const token = await keys.signWith(rsa, { sub: 'user-1', exp: keys.epochSeconds(new Date()) - 120 });
    expect(await call(token)).toEqual({ status: 401, body: { error: 'AuthError', description: 'token expired' } });
  });

  it('answers an unknown kid from the cache during the cooldown', async () => {
    const other = await keys.makeKey('RS256', 'rsa-new');
    const token = await keys.signWith(other, { sub: 'user-1', exp: keys.epochSeconds(new Date()) + 600 });
    expect(await call(token)).toEqual({ status: 401, body: { error: 'AuthError', description: 'unknown key' } });
    expect(server.requests).toBe(1);
  });

  it('reports an unreachable JWKS endpoint as unavailable (503), not as a bad token', async () => {
    const token = await keys.signWith(rsa, { sub: 'user-1', exp: keys.epochSeconds(new Date()) + 600 });
    expect(await call(token, dead)).toEqual({ status: 503, body: { error: 'AuthUnavailableError' } });
  });
});
