// Test-only Worker: verifies the bearer token with the production verifier and echoes the result.
import {
  AuthError,
  AuthUnavailableError,
  createTokenVerifier,
  readBearerToken,
  type TokenVerifier,
} from '../../../src/auth/index.js';

const verifiers = new Map<string, TokenVerifier>();

export default {
  async fetch(request: Request): Promise<Response> {
    // The test names the JWKS server (it runs in the test's process). One verifier per isolate (per
    // URL), as the app does, so its JWKS cache outlives a request.
    const jwksUrl = request.headers.get('x-jwks-url') ?? '';
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
