import { SignJWT } from 'jose';

export interface DevTokenOptions {
  /** The user id the token speaks for. */
  sub: string;
  /** The `AUTH_HS256_SECRET` the server verifies with. */
  secret: string;
  /** Lifetime in seconds. Default 3600. */
  ttlSeconds?: number;
  /** Sets `iss`; must match `AUTH_ISSUER` when the server has one. */
  issuer?: string;
  /** Sets `aud`; must match `AUTH_AUDIENCE` when the server has one. */
  audience?: string;
  /** Issue time. Default: now. */
  now?: Date;
}

/**
 * An HS256 token accepted by a verifier in `hs256` mode with the same secret: for `npm run dev`
 * and tests. Production deployments use `jwks` mode and never see these.
 */
export async function signDevToken(options: DevTokenOptions): Promise<string> {
  const { sub, secret, ttlSeconds = 3600, issuer, audience, now = new Date() } = options;
  const iat = Math.floor(now.getTime() / 1000);
  const jwt = new SignJWT()
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds);
  if (issuer !== undefined) jwt.setIssuer(issuer);
  if (audience !== undefined) jwt.setAudience(audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
