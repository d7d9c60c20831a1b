import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import { HttpProblem, problemResponse } from '../http/problem.js';
import { requestIdOf } from '../http/request-context.js';
import { bearerChallenge, readBearerToken } from './bearer.js';
import { AuthError } from './errors.js';
import type { TokenVerifier } from './verify.js';

/**
 * Require `Authorization: Bearer <JWT>` and put the verified `sub` in `c.get('caller')`. Failures
 * are 401 with `WWW-Authenticate` (RFC 6750 §3); a token in the query string counts as no token.
 * An `AuthUnavailableError` (JWKS down) propagates to the app's error handler as a 503. The
 * verifier is created once per app, so in JWKS mode its key cache lives as long as the isolate.
 */
export function bearerAuth(verifier: TokenVerifier): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readBearerToken(c.req.header('authorization'));
    if (!token) {
      const inQuery = new URL(c.req.url).searchParams.has('access_token');
      return unauthorized(
        c.req.raw,
        inQuery
          ? 'Tokens in the query string are not accepted; send Authorization: Bearer <token>.'
          : 'This route needs Authorization: Bearer <token>.',
        bearerChallenge(),
      );
    }
    try {
      const { sub, claims } = await verifier.verify(token);
      c.set('caller', sub);
      c.set('tokenExpiresAt', (claims.exp ?? 0) * 1000);
    } catch (error) {
      if (error instanceof AuthError) {
        return unauthorized(c.req.raw, `The bearer token was rejected: ${error.description}.`, bearerChallenge(error));
      }
      throw error;
    }
    await next();
  };
}

function unauthorized(request: Request, detail: string, challenge: string): Response {
  return problemResponse(
    new HttpProblem('unauthorized', detail, { headers: { 'www-authenticate': challenge } }),
    requestIdOf(request),
  );
}
