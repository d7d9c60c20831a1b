import type { JWTPayload } from 'jose';
import { CLOCK_TOLERANCE_SECONDS, type TokenVerifier, type VerifiedToken } from './verify.js';

export interface VerifiedTokenCacheOptions {
  /** Most tokens remembered at once; the oldest is forgotten first. Default 512 (≤ 4 MiB of 8 KiB tokens). */
  maxEntries?: number;
  /**
   * Longest a token is trusted without checking its signature again, in seconds, whatever its
   * `exp`: in `jwks` mode a key the provider withdraws stops working within this (give the JWKS
   * cache lifetime). Default 600.
   */
  maxAgeSeconds?: number;
  /** The verifier's clock (`TokenVerifierDeps.now`). Default: the system clock. */
  now?: () => Date;
}

interface Entry {
  verified: VerifiedToken;
  /** Epoch seconds past which the entry is not used (its age limit). */
  until: number;
}

/**
 * `verifier`, remembering tokens it accepted: a request with the exact token string seen before
 * skips the signature check (an HMAC or RSA verification, and for HS256 a key import, on every
 * request). Only accepted tokens are kept, keyed by the whole string, so a token that
 * differs in any byte (another signature) is verified from scratch. On every request a remembered
 * token is still checked against the clock exactly as the verifier would (`exp`, `nbf`, 60 s of
 * skew); one that fails is forgotten and handed to the verifier, which rejects it with its usual
 * reason. Issuer, audience and algorithms are fixed by config, so they cannot change for a string.
 */
export function withVerifiedTokenCache(
  verifier: TokenVerifier,
  options: VerifiedTokenCacheOptions = {},
): TokenVerifier {
  const maxEntries = options.maxEntries ?? 512;
  const maxAgeSeconds = options.maxAgeSeconds ?? 600;
  const clock = options.now ?? (() => new Date());
  const entries = new Map<string, Entry>();
  return {
    verify(token) {
      const now = Math.floor(clock().getTime() / 1000);
      const entry = entries.get(token);
      if (entry && now <= entry.until && withinValidity(entry.verified.claims, now)) {
        return Promise.resolve(entry.verified);
      }
      if (entry) entries.delete(token);
      return verifier.verify(token).then((verified) => {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
        entries.set(token, { verified, until: now + maxAgeSeconds });
        return verified;
      });
    },
  };
}

/** jose's own `exp`/`nbf` tests (`jwtVerify` with `clockTolerance`), on the claims it accepted. */
function withinValidity(claims: JWTPayload, now: number): boolean {
  if (typeof claims.exp !== 'number' || claims.exp <= now - CLOCK_TOLERANCE_SECONDS) return false;
  return claims.nbf === undefined || (typeof claims.nbf === 'number' && claims.nbf <= now + CLOCK_TOLERANCE_SECONDS);
}
