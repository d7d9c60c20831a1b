import type { AuthError } from './errors.js';

/**
 * The token from an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or `undefined` when
 * the header is missing or uses another scheme. Tokens in the query string are not read, on
 * purpose: URLs end up in logs and caches.
 */
export function readBearerToken(authorization: string | null | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer +(.*)$/i.exec(authorization.trim());
  // Anything after the scheme goes to the verifier, which rejects junk as "malformed token" — a
  // clearer answer than pretending no token was sent.
  const token = match?.[1]?.trim();
  return token ? token : undefined;
}

/**
 * The `WWW-Authenticate` value for a 401 (RFC 6750 §3): no error code when no token was sent,
 * `invalid_token` plus the safe description when one was rejected.
 */
export function bearerChallenge(error?: AuthError, realm = 'parley'): string {
  if (!error) return `Bearer realm="${realm}"`;
  return `Bearer realm="${realm}", error="invalid_token", error_description="${error.description}"`;
}
