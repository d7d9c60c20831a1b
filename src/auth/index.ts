export { AuthError, AuthUnavailableError } from './errors.js';
export {
  createTokenVerifier,
  MAX_TOKEN_LENGTH,
  CLOCK_TOLERANCE_SECONDS,
  type TokenVerifier,
  type TokenVerifierDeps,
  type VerifiedToken,
} from './verify.js';
export { DEFAULT_JWKS_CACHE_SECONDS, JWKS_COOLDOWN_MS } from './key-source.js';
export { signDevToken, type DevTokenOptions } from './dev-token.js';
export { readBearerToken, bearerChallenge } from './bearer.js';
