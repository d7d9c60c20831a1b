import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JWTPayload } from 'jose';
import {
  AuthError,
  AuthUnavailableError,
  createTokenVerifier,
  JWKS_COOLDOWN_MS,
  type TokenVerifier,
} from '../../src/auth/index.js';
import {
  deadJwksUrl,
  epochSeconds,
  makeKey,
  testKeys,
  signWith,
  startJwksServer,
  type JwksServer,
  type TestKey,
} from './fixtures.js';

// jose times its JWKS cache with `Date.now()` (no clock option), so these tests fake `Date` only;
// sockets and timers stay real, and the JWKS server is a real one on loopback.
const START = new Date('2030-06-01T00:00:00Z');
const CACHE_SECONDS = 120;
const claims = (): JWTPayload => ({ sub: 'user-1', exp: epochSeconds(new Date()) + 86_400 });

let server: JwksServer;
let keys: Awaited<ReturnType<typeof testKeys>>;

beforeAll(async () => {
  keys = await testKeys();
  server = await startJwksServer([]);
});
afterAll(() => server.close());

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  server.keys = [keys.rsa.jwk, keys.ec.jwk];
  server.status = 200;
  server.body = undefined;
  server.requests = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));
const jwksVerifier = (url = server.url, fetchImpl?: typeof fetch): TokenVerifier =>
  createTokenVerifier(
    { mode: 'jwks', jwksUrl: url, algorithms: ['RS256', 'ES256'], cacheSeconds: CACHE_SECONDS },
    fetchImpl ? { fetch: fetchImpl } : {},
  );

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('JWKS caching', () => {
  it('fetches the JWKS once for many verifications within the cache period, and again after it', async () => {
    const verifier = jwksVerifier();
    for (let i = 0; i < 25; i += 1) {
      await verifier.verify(await signWith(i % 2 ? keys.rsa : keys.ec, claims()));
      advance(1_000);
    }
    expect(server.requests).toBe(1);

    advance(CACHE_SECONDS * 1000);
    await verifier.verify(await signWith(keys.rsa, claims()));
    await verifier.verify(await signWith(keys.ec, claims()));
    expect(server.requests).toBe(2);
  });

  it('fetches once for a burst of concurrent first requests', async () => {
    const verifier = jwksVerifier();
    const tokens = await Promise.all(Array.from({ length: 20 }, () => signWith(keys.rsa, claims())));
    await Promise.all(tokens.map((token) => verifier.verify(token)));
    expect(server.requests).toBe(1);
  });

  it('does not refetch for unknown kids during the cooldown, and refetches at most once after it', async () => {
    const verifier = jwksVerifier();
    await verifier.verify(await signWith(keys.rsa, claims()));
    for (let i = 0; i < 20; i += 1) {
      const error = await rejection(verifier.verify(await signWith(keys.unpublished, claims())));
      expect((error as AuthError).description).toBe('unknown key');
    }
    expect(server.requests).toBe(1);

    advance(JWKS_COOLDOWN_MS + 1_000);
    for (let i = 0; i < 20; i += 1) {
      await rejection(verifier.verify(await signWith(keys.unpublished, claims())));
    }
    expect(server.requests).toBe(2);
  });

  it('picks up a rotated-in key after the cooldown, before the cache expires', async () => {
    const verifier = jwksVerifier();
    await verifier.verify(await signWith(keys.rsa, claims()));
    const rotated = await makeKey('RS256', 'rsa-2');
    server.keys = [keys.rsa.jwk, rotated.jwk];

    const early = await rejection(verifier.verify(await signWith(rotated, claims())));
    expect((early as AuthError).description).toBe('unknown key');

    advance(JWKS_COOLDOWN_MS + 1_000);
    await expect(verifier.verify(await signWith(rotated, claims()))).resolves.toMatchObject({ sub: 'user-1' });
    expect(server.requests).toBe(2);
  });

  it('keeps verifying with cached keys while the endpoint fails, until the cache expires', async () => {
    const verifier = jwksVerifier();
    await verifier.verify(await signWith(keys.rsa, claims()));
    server.status = 500;
    await expect(verifier.verify(await signWith(keys.rsa, claims()))).resolves.toMatchObject({ sub: 'user-1' });
    expect(server.requests).toBe(1);

    advance(CACHE_SECONDS * 1000 + 1_000);
    await expect(verifier.verify(await signWith(keys.rsa, claims()))).rejects.toBeInstanceOf(AuthUnavailableError);
  });

  it('loads the JWKS through the injected fetch', async () => {
    const seen: string[] = [];
    const counting: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const verifier = jwksVerifier(server.url, counting);
    await verifier.verify(await signWith(keys.rsa, claims()));
    expect(seen).toEqual([server.url]);
    expect(server.requests).toBe(1);
  });
});

describe('JWKS endpoint unavailable → AuthUnavailableError (503), never a 401', () => {
  async function expectUnavailable(verifier: TokenVerifier) {
    const token = await signWith(keys.rsa, claims());
    const error = await rejection(verifier.verify(token));
    expect(error).toBeInstanceOf(AuthUnavailableError);
    expect(error).not.toBeInstanceOf(AuthError);
    expect((error as Error).message).not.toContain(token);
  }

  it('when nothing listens on the port', async () => {
    await expectUnavailable(jwksVerifier(await deadJwksUrl()));
  });

  it('when the endpoint answers 500', async () => {
    server.status = 500;
    await expectUnavailable(jwksVerifier());
  });

  it('when the endpoint answers JSON that is not a JWKS', async () => {
    server.body = JSON.stringify({ hello: 'world' });
    await expectUnavailable(jwksVerifier());
  });

  it('when the injected fetch throws', async () => {
    const failing: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    await expectUnavailable(jwksVerifier(server.url, failing));
    expect(server.requests).toBe(0);
  });

  it('recovers once the endpoint is back', async () => {
    server.status = 503;
    const verifier = jwksVerifier();
    await expectUnavailable(verifier);
    server.status = 200;
    await expect(verifier.verify(await signWith(keys.rsa, claims()))).resolves.toMatchObject({ sub: 'user-1' });
  });
});
