// Test-only Worker: verifies the bearer token with the production verifier and echoes the result.
import {
  AuthError,
  AuthUnavailableError,
  createTokenVerifier,
  readBearerToken,
  type TokenVerifier,
} from '../../src/auth/index.js';

interface Env {
  JWKS_URL: string;
  /** Where nothing listens, for the outage case. */
  DEAD_JWKS_URL: string;
}

const verifiers = new Map<string, TokenVerifier>();

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // One verifier per isolate (per URL), as the app does, so its JWKS cache outlives a request.
    const jwksUrl = new URL(request.url).pathname === '/whoami-dead' ? env.DEAD_JWKS_URL : env.JWKS_URL;
    let verifier = verifiers.get(jwksUrl);
    if (!verifier) {
      verifier = createTokenVerifier({ mode: 'jwks', jwksUrl, algorithms: ['RS256', 'ES256'] });
      verifiers.set(jwksUrl, verifier);
    }
    try {
      const { sub } = await verifier.verify(readBearerToken(request.headers.get('authorization')) ?? '');
      return Response.json({ sub });
    } catch (error) {
      if (error instanceof AuthError) {
        return Response.json({ error: error.name, description: error.description }, { status: 401 });
      }
      if (error instanceof AuthUnavailableError) return Response.json({ error: error.name }, { status: 503 });
      throw error;
    }
  },
};
