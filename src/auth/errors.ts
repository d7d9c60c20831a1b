/**
 * Failures of bearer-token verification. The split matters to callers: an `AuthError` is the
 * client's fault (401 + `WWW-Authenticate`), an `AuthUnavailableError` is ours or the identity
 * provider's (503), so a JWKS outage never looks to clients like a bad token.
 */

/**
 * The token was rejected. `description` is short, fixed text safe to put in a
 * `WWW-Authenticate` `error_description` and in logs; it never contains the token or its claims.
 */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly description: string,
    options?: { cause?: unknown },
  ) {
    super(description, options);
  }
}

/** The signing keys could not be loaded (JWKS endpoint down, slow, or answering garbage). */
export class AuthUnavailableError extends Error {
  override readonly name = 'AuthUnavailableError';
}
