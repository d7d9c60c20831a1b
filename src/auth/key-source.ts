import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { JWKSMultipleMatchingKeys, JWKSNoMatchingKey } from 'jose/errors';
import type { AuthConfig } from '../config.js';
import { AuthUnavailableError } from './errors.js';

/** Default key cache lifetime (SPEC: keys cached); `cacheSeconds` in config overrides it. */
export const DEFAULT_JWKS_CACHE_SECONDS = 600;
/**
 * After a successful fetch, a token with an unknown `kid` may trigger another fetch only after
 * this long, so a stream of forged `kid`s cannot turn every request into a JWKS request.
 */
export const JWKS_COOLDOWN_MS = 30_000;
/** A stuck JWKS endpoint fails the request (503) instead of holding it (jose's default). */
export const JWKS_TIMEOUT_MS = 5_000;

/**
 * The key material `jwtVerify` checks signatures with: the shared secret in `hs256` mode, or a
 * cached remote JWKS in `jwks` mode.
 */
export function verificationKey(auth: AuthConfig, fetchImpl?: typeof fetch): JWTVerifyGetKey {
  if (auth.mode === 'hs256') return hmacKey(auth.secret);
  const send = fetchImpl ?? globalThis.fetch;
  const remote = createRemoteJWKSet(new URL(auth.jwksUrl), {
    cacheMaxAge: (auth.cacheSeconds ?? DEFAULT_JWKS_CACHE_SECONDS) * 1000,
    cooldownDuration: JWKS_COOLDOWN_MS,
    timeoutDuration: JWKS_TIMEOUT_MS,
    // Called as a plain function: Workers' fetch throws "Illegal invocation" on a foreign `this`.
    [customFetch]: (url, init) => send(url, init),
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // Key *selection* failures are about the token; anything else (network, timeout, non-200,
      // a malformed JWKS or key) is the provider's side and must not become a 401.
      if (error instanceof JWKSNoMatchingKey || error instanceof JWKSMultipleMatchingKeys) {
        throw error;
      }
      throw new AuthUnavailableError('signing keys are unavailable', { cause: error });
    }
  };
}

/**
 * The HS256 secret as a Web Crypto key, imported on first use and kept: given the raw bytes, jose
 * imports them again on every verification (a second Web Crypto call per request, measured in
 * `npm run bench` with distinct tokens). Not at construction: the app is built at module init, and a
 * key that is never used (no authenticated request yet) costs nothing.
 */
function hmacKey(secret: string): JWTVerifyGetKey {
  let key: Promise<CryptoKey> | undefined;
  return () =>
    (key ??= crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    ));
}
