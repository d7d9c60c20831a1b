import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JwksServer, TestKey } from '../../auth/fixtures.js';
import * as keys from '../../auth/fixtures.js';
import type { ConfigSource } from '../../../src/config.js';
import { recordFigures } from '../support/figures.js';
import { expectNoSecrets, sentTokens } from '../support/secrets.js';
import type { HardeningTarget } from '../support/targets.js';

export const ISSUER = 'https://issuer.parley.test/pool';
export const AUDIENCE = 'parley-hardening';
const ROUNDS = 3;

/** A target in JWKS mode is built from this configuration; the campaign starts the JWKS server. */
export type JwksTargetFactory = (source: ConfigSource) => Promise<HardeningTarget>;

type Mutation = [
  name: string,
  make: (ctx: { key: TestKey; other: TestKey; ec: TestKey; claims: JWTPayload }) => Promise<string> | string,
];

const now = () => Math.floor(Date.now() / 1000);
const without = (claims: JWTPayload, name: string) =>
  Object.fromEntries(Object.entries(claims).filter(([k]) => k !== name));

/** The token mutation matrix: every one must be refused. */
export const MUTATIONS: Mutation[] = [
  ['alg none', ({ claims, key }) => keys.unsecuredToken(claims, key.kid)],
  ['HS256 signed with the RSA public key (PEM)', ({ claims, key }) => keys.signHs256(key.publicPem, claims, key.kid)],
  [
    'HS256 signed with the RSA public key (JWK n)',
    ({ claims, key }) => keys.signHs256(String(key.jwk.n), claims, key.kid),
  ],
  ['signed by another key, same kid', ({ claims, key, other }) => keys.signWith(other, claims, { kid: key.kid })],
  ['unknown kid', ({ claims, other }) => keys.signWith(other, claims, { kid: 'nobody-knows-this-kid' })],
  ['no kid', ({ claims, other }) => keys.signWith(other, claims, { kid: undefined })],
  [
    'attacker key embedded in the jwk header',
    ({ claims, other }) => keys.signWith(other, claims, { kid: undefined, jwk: other.jwk }),
  ],
  ['ES256 when only RS256 is configured', ({ claims, ec }) => keys.signWith(ec, claims)],
  ['expired', ({ claims, key }) => keys.signWith(key, { ...claims, exp: now() - 120 })],
  ['not yet valid', ({ claims, key }) => keys.signWith(key, { ...claims, nbf: now() + 300 })],
  ['missing exp', ({ claims, key }) => keys.signWith(key, without(claims, 'exp'))],
  ['missing sub', ({ claims, key }) => keys.signWith(key, without(claims, 'sub'))],
  ['wrong iss', ({ claims, key }) => keys.signWith(key, { ...claims, iss: 'https://evil.example/pool' })],
  ['wrong aud', ({ claims, key }) => keys.signWith(key, { ...claims, aud: 'someone-else' })],
  ['bad signature', async ({ claims, key }) => keys.tamperSignature(await keys.signWith(key, claims))],
  [
    'truncated: signature dropped',
    async ({ claims, key }) => `${(await keys.signWith(key, claims)).split('.').slice(0, 2).join('.')}.`,
  ],
  [
    'truncated: two segments',
    async ({ claims, key }) => (await keys.signWith(key, claims)).split('.').slice(0, 2).join('.'),
  ],
  [
    'truncated: half the token',
    async ({ claims, key }) => {
      const token = await keys.signWith(key, claims);
      return token.slice(0, Math.floor(token.length / 2));
    },
  ],
  ['garbage', () => 'not-a-jwt'],
];

/**
 * Campaign 2 over HTTP against a target in JWKS mode (RS256, iss and aud configured) whose keys
 * come from a loopback JWKS server that counts its requests. Pass: every mutated token — and a
 * valid one in the query string — is a 401 problem with `WWW-Authenticate`; the JWKS is fetched
 * once for all of them (the cache period is 10 min, far longer than the campaign).
 */
export function describeTokens(name: string, factory: JwksTargetFactory): void {
  describe(`campaign 2: tokens (${name})`, () => {
    let jwks: JwksServer;
    let target: HardeningTarget;
    let key: TestKey;
    let other: TestKey;
    let ec: TestKey;
    beforeAll(async () => {
      [key, other, ec] = await Promise.all([
        keys.makeKey('RS256', 'k-main'),
        keys.makeKey('RS256', 'k-other'),
        keys.makeKey('ES256', 'k-ec'),
      ]);
      jwks = await keys.startJwksServer([key.jwk]);
      target = await factory({
        AUTH_MODE: 'jwks',
        AUTH_JWKS_URL: jwks.url,
        AUTH_ALGORITHMS: 'RS256',
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_JWKS_CACHE_SECONDS: '600',
      });
    });
    afterAll(async () => {
      expectNoSecrets(target, 'tokens');
      await target?.close();
      await jwks?.close();
    });

    const send = (headers: Record<string, string>, query = '') =>
      target.fetch(new Request(`${target.baseUrl ?? 'http://parley.test'}/v1/users/me${query}`, { headers }));

    it('refuses every mutated token with a 401 and WWW-Authenticate; fetches the JWKS once', async (context) => {
      const claims: JWTPayload = {
        sub: `victim-${crypto.randomUUID()}`,
        iss: ISSUER,
        aud: AUDIENCE,
        iat: now(),
        exp: now() + 600,
      };
      const validToken = await keys.signWith(key, claims);
      sentTokens.add(validToken);
      const control = await send({ authorization: `Bearer ${validToken}` });
      // The control proves the harness: a valid token gets past auth (no profile yet: 404).
      expect(control.status, await control.clone().text()).toBe(404);

      let tried = 0;
      const accepted: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const cases: Array<[string, Record<string, string>, string]> = [];
        for (const [label, make] of MUTATIONS) {
          const token = await make({ key, other, ec, claims });
          sentTokens.add(token);
          cases.push([label, { authorization: `Bearer ${token}` }, '']);
        }
        cases.push(['valid token in the query string', {}, `?access_token=${encodeURIComponent(validToken)}`]);
        cases.push(['valid token, Basic scheme', { authorization: `Basic ${validToken}` }, '']);
        for (const [label, headers, query] of cases) {
          const response = await send(headers, query);
          tried += 1;
          const text = await response.text();
          if (response.status !== 401) accepted.push(`${label}: ${response.status}`);
          expect(response.headers.get('www-authenticate'), label).toMatch(/^Bearer realm=/);
          expect(response.headers.get('content-type'), label).toBe('application/problem+json');
          expect(JSON.parse(text).status, label).toBe(401);
          // The error body never echoes the token.
          expect(text.includes(validToken) || text.includes(headers.authorization?.slice(7) || '\u0000'), label).toBe(
            false,
          );
        }
      }
      expect(accepted).toEqual([]);
      const after = await send({ authorization: `Bearer ${validToken}` });
      expect(after.status).toBe(404);
      expect(jwks.requests).toBe(1);
      recordFigures(context, 'tokens', target.name, {
        mutations: MUTATIONS.length + 2,
        requests: tried,
        accepted: accepted.length,
        jwksFetches: jwks.requests,
      });
    });
  });
}
