import { errors } from 'jose';
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
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return describeClaim(error.claim, error.reason);
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'invalid signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm not allowed';
  if (error instanceof errors.JWKSNoMatchingKey) return 'unknown key';
  if (error instanceof errors.JWKSMultipleMatchingKeys) return 'ambiguous key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return 'malformed token';
  if (error instanceof errors.JOSENotSupported) return 'unsupported token';
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
