import { describe, expect, it } from 'vitest';
import { AuthError, createTokenVerifier, signDevToken, type TokenVerifier } from '../../src/auth/index.js';
import { withVerifiedTokenCache } from '../../src/auth/verified-token-cache.js';

const SECRET = 'verified-token-cache-secret-0123456789';
const START = new Date('2030-01-01T12:00:00Z');

/** A clock the test moves, and the real HS256 verifier on it, counting how often it is asked. */
function setup(options: { maxEntries?: number; maxAgeSeconds?: number } = {}) {
  let current = START;
  const now = () => current;
  const real = createTokenVerifier({ mode: 'hs256', secret: SECRET }, { now });
  let calls = 0;
  const counted: TokenVerifier = {
    verify(token) {
      calls++;
      return real.verify(token);
    },
  };
  const verifier = withVerifiedTokenCache(counted, { now, ...options });
  return {
    verifier,
    calls: () => calls,
    advance: (seconds: number) => (current = new Date(current.getTime() + seconds * 1000)),
    token: (sub: string, ttlSeconds = 3600, issued = current) =>
      signDevToken({ sub, secret: SECRET, ttlSeconds, now: issued }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return (error as AuthError).description;
}

describe('withVerifiedTokenCache', () => {
  it('verifies a token string once, then answers from memory', async () => {
    const { verifier, calls, token } = setup();
    const alice = await token('alice');
    await expect(verifier.verify(alice)).resolves.toMatchObject({ sub: 'alice' });
    await expect(verifier.verify(alice)).resolves.toMatchObject({ sub: 'alice' });
    expect(calls()).toBe(1);
  });

  it('verifies a token that differs in any byte from scratch (a forged signature is rejected)', async () => {
    const { verifier, calls, token } = setup();
    const alice = await token('alice');
    await verifier.verify(alice);
    // A character inside the signature (the last one may only carry padding bits).
    const i = alice.length - 5;
    const forged = alice.slice(0, i) + (alice[i] === 'A' ? 'B' : 'A') + alice.slice(i + 1);
    expect(await rejection(verifier.verify(forged))).toBe('invalid signature');
    expect(calls()).toBe(2);
  });

  it('still checks exp on every request, with the verifier’s 60 s of skew and reason', async () => {
    const { verifier, advance, token } = setup();
    const alice = await token('alice', 120);
    await verifier.verify(alice);
    advance(120 + 59);
    await expect(verifier.verify(alice)).resolves.toMatchObject({ sub: 'alice' });
    advance(1);
    expect(await rejection(verifier.verify(alice))).toBe('token expired');
  });

  it('never remembers a rejected token', async () => {
    const { verifier, calls, token } = setup();
    const expired = await token('alice', 60, new Date(START.getTime() - 3_600_000));
    expect(await rejection(verifier.verify(expired))).toBe('token expired');
    expect(await rejection(verifier.verify(expired))).toBe('token expired');
    expect(calls()).toBe(2);
  });

  it('checks the signature again once an entry is older than maxAgeSeconds', async () => {
    const { verifier, calls, advance, token } = setup({ maxAgeSeconds: 300 });
    const alice = await token('alice');
    await verifier.verify(alice);
    advance(300);
    await verifier.verify(alice);
    expect(calls()).toBe(1);
    advance(1);
    await verifier.verify(alice);
    expect(calls()).toBe(2);
  });

  it('holds at most maxEntries tokens, forgetting the oldest first', async () => {
    const { verifier, calls, token } = setup({ maxEntries: 2 });
    const [a, b, c] = await Promise.all([token('a'), token('b'), token('c')]);
    for (const t of [a, b, c]) await verifier.verify(t);
    expect(calls()).toBe(3);
    await verifier.verify(c);
    await verifier.verify(b);
    expect(calls()).toBe(3);
    await verifier.verify(a);
    expect(calls()).toBe(4);
  });
});
