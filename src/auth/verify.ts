import { jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig } from '../config.js';
import { isUserId } from '../domain/rules.js';
import { AuthError, AuthUnavailableError } from './errors.js';
import { toAuthError } from './failure.js';
import { verificationKey } from './key-source.js';

export interface VerifiedToken {
  /** The caller's user id (the token's `sub`). */
  sub: string;
  /** Every claim of the verified token. */
  claims: JWTPayload;
}

export interface TokenVerifier {
  /** Resolves with the caller, or rejects with `AuthError` (401) or `AuthUnavailableError` (503). */
  verify(token: string): Promise<VerifiedToken>;
}

export interface TokenVerifierDeps {
  /** `fetch` used to load the JWKS. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Clock for `exp`/`nbf` checks. Default: the system clock. */
  now?: () => Date;
}

/** Larger than any real access token (Cognito's are ~1 KiB); checked before any parsing. */
export const MAX_TOKEN_LENGTH = 8 * 1024;
/** Clock skew tolerated on `exp` and `nbf`, in seconds (SPEC: 60 s). */
export const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * Build the verifier for `auth`. Create it once per process/isolate and reuse it: in JWKS mode it
 * holds the key cache, so a verifier per request would fetch the JWKS per request.
 *
 * Contract: the accepted algorithms come from config only (HS256 in `hs256` mode, `auth.algorithms`
 * in `jwks` mode), never from the token; `exp` and `sub` are required; `iss`/`aud` are checked when
 * configured; `exp`/`nbf` get 60 s of skew.
 */
export function createTokenVerifier(auth: AuthConfig, deps: TokenVerifierDeps = {}): TokenVerifier {
  const key = verificationKey(auth, deps.fetch);
  const algorithms = auth.mode === 'hs256' ? ['HS256'] : [...auth.algorithms];
  return {
    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH) throw new AuthError('token too large');
      let claims: JWTPayload;
      try {
        const result = await jwtVerify(token, key, {
          algorithms,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          issuer: auth.issuer,
          audience: auth.audience,
          currentDate: deps.now?.(),
        });
        claims = result.payload;
      } catch (error) {
        if (error instanceof AuthUnavailableError) throw error;
        throw toAuthError(error);
      }
      const { sub } = claims;
      // `sub` is the caller's user id and becomes part of storage keys: the user-id rule applies.
      if (typeof sub !== 'string' || !isUserId(sub)) {
        throw new AuthError('invalid sub claim');
      }
      return { sub, claims };
    },
  };
}
