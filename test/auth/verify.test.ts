import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JWTPayload } from 'jose';
import type { AuthConfig } from '../../src/config.js';
import { AuthError, createTokenVerifier, signDevToken, type TokenVerifier } from '../../src/auth/index.js';
import {
  epochSeconds,
  makeKey,
  testKeys,
  signHs256,
  signWith,
  startJwksServer,
  tamperSignature,
  unsecuredToken,
  type JwksServer,
  type TestKey,
} from './fixtures.js';

const NOW = new Date('2030-01-01T12:00:00Z');
const now = () => NOW;
const t = epochSeconds(NOW);
const ISSUER = 'https://issuer.example/pool';
const AUDIENCE = 'parley-client';
const SECRET = 'a-local-secret-that-is-at-least-32-characters';
const valid: JWTPayload = { sub: 'user-1', iss: ISSUER, aud: AUDIENCE, iat: t, exp: t + 600 };

/** Rejects with an `AuthError` carrying `description`, and nothing of the token in its text. */
async function expectRejected(verifier: TokenVerifier, token: string, description: string) {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected "${description}"`).toBeInstanceOf(AuthError);
  const authError = error as AuthError;
  expect(authError.description).toBe(description);
  // Nothing of the token (nor its claims, via a `cause`) rides along to logs.
  if (token.length > 0) expect(`${authError.message} ${authError.stack}`).not.toContain(token);
  expect(authError.cause).toBeUndefined();
}

describe('jwks mode (RS256 + ES256, iss and aud configured)', () => {
  let server: JwksServer;
  let rsa: TestKey;
  let ec: TestKey;
  let outsider: TestKey;
  let verifier: TokenVerifier;

  beforeAll(async () => {
    ({ rsa, ec, unpublished: outsider } = await testKeys());
    server = await startJwksServer([rsa.jwk, ec.jwk]);
    const auth: AuthConfig = {
      mode: 'jwks',
      jwksUrl: server.url,
      algorithms: ['RS256', 'ES256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    };
    verifier = createTokenVerifier(auth, { now });
  });
  afterAll(() => server.close());

  it('accepts a valid RS256 token and returns sub and claims', async () => {
    const result = await verifier.verify(await signWith(rsa, valid));
    expect(result.sub).toBe('user-1');
    expect(result.claims).toMatchObject({ iss: ISSUER, aud: AUDIENCE, exp: t + 600 });
  });

  it('accepts a valid ES256 token', async () => {
    const result = await verifier.verify(await signWith(ec, { ...valid, sub: 'user-2' }));
    expect(result.sub).toBe('user-2');
  });

  it('accepts an aud array that contains the audience', async () => {
    const result = await verifier.verify(await signWith(rsa, { ...valid, aud: ['other', AUDIENCE] }));
    expect(result.sub).toBe('user-1');
  });

  it('accepts exp and nbf that are off by less than the 60 s skew', async () => {
    await expect(verifier.verify(await signWith(rsa, { ...valid, exp: t - 50 }))).resolves.toMatchObject({
      sub: 'user-1',
    });
    await expect(verifier.verify(await signWith(rsa, { ...valid, nbf: t + 50 }))).resolves.toMatchObject({
      sub: 'user-1',
    });
  });

  const cases: Array<[string, () => Promise<string> | string, string]> = [
    ['alg none', () => unsecuredToken(valid, 'rsa-1'), 'algorithm not allowed'],
    ['alg none without kid', () => unsecuredToken(valid), 'algorithm not allowed'],
    [
      'HS256 signed with the RSA public key (PEM)',
      () => signHs256(rsa.publicPem, valid, 'rsa-1'),
      'algorithm not allowed',
    ],
    ['HS256 signed with the RSA modulus', () => signHs256(String(rsa.jwk.n), valid, 'rsa-1'), 'algorithm not allowed'],
    [
      'an algorithm outside the list (RS512 header)',
      async () => relabel(await signWith(rsa, valid), 'RS512'),
      'algorithm not allowed',
    ],
    ['signed by another key under a known kid', () => signWith(outsider, valid, { kid: 'rsa-1' }), 'invalid signature'],
    ['unknown kid', () => signWith(outsider, valid), 'unknown key'],
    [
      'attacker key embedded as a jwk header',
      () => signWith(outsider, valid, { kid: 'outsider', jwk: outsider.jwk }),
      'unknown key',
    ],
    ['ES256 header pointing at the RSA kid', () => signWith(ec, valid, { kid: 'rsa-1' }), 'unknown key'],
    ['expired beyond the skew', () => signWith(rsa, { ...valid, exp: t - 61 }), 'token expired'],
    ['not yet valid beyond the skew', () => signWith(rsa, { ...valid, nbf: t + 120 }), 'token not yet valid'],
    ['missing exp', () => signWith(rsa, omit(valid, 'exp')), 'missing exp claim'],
    [
      'exp that is not a number',
      () => signWith(rsa, { ...valid, exp: String(t + 600) as unknown as number }),
      'invalid exp claim',
    ],
    ['missing sub', () => signWith(rsa, omit(valid, 'sub')), 'missing sub claim'],
    ['empty sub', () => signWith(rsa, { ...valid, sub: '' }), 'invalid sub claim'],
    ['sub that is not a string', () => signWith(rsa, { ...valid, sub: 42 as unknown as string }), 'invalid sub claim'],
    ['sub with control characters', () => signWith(rsa, { ...valid, sub: 'user\n1' }), 'invalid sub claim'],
    ['sub longer than 255 characters', () => signWith(rsa, { ...valid, sub: 'u'.repeat(256) }), 'invalid sub claim'],
    ['wrong iss', () => signWith(rsa, { ...valid, iss: 'https://evil.example' }), 'invalid issuer'],
    ['missing iss', () => signWith(rsa, omit(valid, 'iss')), 'missing iss claim'],
    ['wrong aud', () => signWith(rsa, { ...valid, aud: 'someone-else' }), 'invalid audience'],
    ['missing aud', () => signWith(rsa, omit(valid, 'aud')), 'missing aud claim'],
    ['bad RS256 signature', async () => tamperSignature(await signWith(rsa, valid)), 'invalid signature'],
    ['bad ES256 signature', async () => tamperSignature(await signWith(ec, valid)), 'invalid signature'],
    [
      'payload swapped after signing',
      async () => swapPayload(await signWith(rsa, valid), { ...valid, sub: 'admin' }),
      'invalid signature',
    ],
    ['truncated: signature dropped', async () => dropSignature(await signWith(rsa, valid)), 'invalid signature'],
    [
      'truncated: two segments',
      async () => (await signWith(rsa, valid)).split('.').slice(0, 2).join('.'),
      'malformed token',
    ],
    ['truncated: half a signature', async () => halveSignature(await signWith(rsa, valid)), 'invalid signature'],
    ['garbage', () => 'not-a-jwt', 'malformed token'],
    ['empty string', () => '', 'malformed token'],
    ['four segments', async () => `${await signWith(rsa, valid)}.extra`, 'malformed token'],
    ['header that is not JSON', () => 'bm90IGpzb24.e30.c2ln', 'malformed token'],
    ['oversized (> 8 KiB)', () => signWith(rsa, { ...valid, pad: 'x'.repeat(8 * 1024) }), 'token too large'],
  ];

  it.each(cases)('rejects %s', async (_name, make, description) => {
    await expectRejected(verifier, await make(), description);
  });

  it('accepts only the configured algorithms (ES256 rejected when only RS256 is listed)', async () => {
    const rsOnly = createTokenVerifier(
      { mode: 'jwks', jwksUrl: server.url, algorithms: ['RS256'], issuer: ISSUER, audience: AUDIENCE },
      { now },
    );
    await expect(rsOnly.verify(await signWith(rsa, valid))).resolves.toMatchObject({ sub: 'user-1' });
    await expectRejected(rsOnly, await signWith(ec, valid), 'algorithm not allowed');
  });

  it('checks neither iss nor aud when they are not configured', async () => {
    const open = createTokenVerifier({ mode: 'jwks', jwksUrl: server.url, algorithms: ['RS256'] }, { now });
    const token = await signWith(rsa, { sub: 'user-3', exp: t + 60, iss: 'anyone', aud: 'anything' });
    await expect(open.verify(token)).resolves.toMatchObject({ sub: 'user-3' });
  });
});

describe('hs256 mode', () => {
  const auth: AuthConfig = { mode: 'hs256', secret: SECRET, issuer: ISSUER, audience: AUDIENCE };
  const verifier = createTokenVerifier(auth, { now });
  const dev = (extra: Partial<Parameters<typeof signDevToken>[0]> = {}) =>
    signDevToken({ sub: 'dev-user', secret: SECRET, issuer: ISSUER, audience: AUDIENCE, now: NOW, ...extra });

  it('accepts a dev token and sets exp from ttlSeconds', async () => {
    const result = await verifier.verify(await dev({ ttlSeconds: 120 }));
    expect(result.sub).toBe('dev-user');
    expect(result.claims).toMatchObject({ iat: t, exp: t + 120, iss: ISSUER, aud: AUDIENCE });
  });

  it('imports the secret as a Web Crypto key once, not on every verification', async () => {
    // Signed first: signing imports its own key.
    const tokens = await Promise.all([0, 1, 2].map((i) => dev({ now: new Date(NOW.getTime() - i * 1000) })));
    const forged = await dev({ secret: `${SECRET}-other` });
    const importKey = vi.spyOn(crypto.subtle, 'importKey');
    try {
      const fresh = createTokenVerifier(auth, { now });
      for (const token of tokens) expect((await fresh.verify(token)).sub).toBe('dev-user');
      await expectRejected(fresh, forged, 'invalid signature');
      expect(importKey).toHaveBeenCalledTimes(1);
    } finally {
      importKey.mockRestore();
    }
  });

  it('defaults the dev token lifetime to one hour', async () => {
    const result = await verifier.verify(await dev());
    expect(result.claims.exp).toBe(t + 3600);
  });

  it('rejects a dev token whose lifetime ended more than 60 s ago', async () => {
    const issued = new Date(NOW.getTime() - 3_700_000);
    await expectRejected(verifier, await dev({ now: issued }), 'token expired');
  });

  it('rejects a token signed with another secret', async () => {
    await expectRejected(verifier, await dev({ secret: `${SECRET}-other` }), 'invalid signature');
  });

  it('rejects alg none and asymmetric algorithms', async () => {
    await expectRejected(verifier, unsecuredToken(valid), 'algorithm not allowed');
    const rsa = await makeKey('RS256', 'rsa-x');
    await expectRejected(verifier, await signWith(rsa, valid), 'algorithm not allowed');
  });

  it('rejects issuer and audience mismatches', async () => {
    await expectRejected(verifier, await dev({ issuer: 'elsewhere' }), 'invalid issuer');
    await expectRejected(verifier, await dev({ audience: 'elsewhere' }), 'invalid audience');
  });

  it('rejects a hand-made HS256 token without exp', async () => {
    await expectRejected(verifier, await signHs256(SECRET, omit(valid, 'exp')), 'missing exp claim');
  });
});

function omit(claims: JWTPayload, name: string): JWTPayload {
  const { [name]: _dropped, ...rest } = claims;
  return rest;
}

/** Rewrite the header's alg without re-signing. */
function relabel(token: string, alg: string): string {
  const [header = '', ...rest] = token.split('.');
  const decoded = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
  return [Buffer.from(JSON.stringify({ ...decoded, alg })).toString('base64url'), ...rest].join('.');
}

function swapPayload(token: string, claims: JWTPayload): string {
  const [header, , signature] = token.split('.');
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

function dropSignature(token: string): string {
  return token.slice(0, token.lastIndexOf('.') + 1);
}

function halveSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  return token.slice(0, dot + Math.floor((token.length - dot) / 2));
}
