// The classes by name, not jose's `errors` namespace: a namespace object keeps every error class
// (JWE ones too) in the bundle and runs their static initializers at every cold start.
import {
  JOSEAlgNotAllowed,
  JOSENotSupported,
  JWKSMultipleMatchingKeys,
  JWKSNoMatchingKey,
  JWSInvalid,
  JWSSignatureVerificationFailed,
  JWTClaimValidationFailed,
  JWTExpired,
  JWTInvalid,
} from 'jose/errors';
import { AuthError } from './errors.js';

/**
 * Map a `jose` verification failure to an `AuthError` with a fixed description. jose's error is not
 * kept as `cause`: its claim errors carry the token's whole payload (emails, names), which a log
 * line that serializes the cause would then leak.
 */
export function toAuthError(error: unknown): AuthError {
  return new AuthError(describe(error));
}

function describe(error: unknown): string {
  if (error instanceof JWTExpired) return 'token expired';
  if (error instanceof JWTClaimValidationFailed) return describeClaim(error.claim, error.reason);
  if (error instanceof JWSSignatureVerificationFailed) return 'invalid signature';
  if (error instanceof JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof JWKSNoMatchingKey) return 'unknown key';
  if (error instanceof JWKSMultipleMatchingKeys) return 'ambiguous key';
  if (error instanceof JWSInvalid || error instanceof JWTInvalid) return 'malformed token';
  if (error instanceof JOSENotSupported) return 'unsupported token';
  // e.g. jose's TypeError for an RSA key under 2048 bits: still the token's problem, never a 500.
  return 'invalid token';
}

const CLAIM_NAMES = new Set(['exp', 'nbf', 'iat', 'sub', 'iss', 'aud']);

function describeClaim(claim: string, reason: string): string {
  if (claim === 'nbf' && reason === 'check_failed') return 'token not yet valid';
  if (claim === 'iss' && reason === 'check_failed') return 'invalid issuer';
  if (claim === 'aud' && reason === 'check_failed') return 'invalid audience';
  // Claim names come from jose's fixed list, but only known ones are echoed.
  const name = CLAIM_NAMES.has(claim) ? `${claim} claim` : 'claim';
  if (reason === 'missing') return `missing ${name}`;
  return `invalid ${name}`;
}
