import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  base64url,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

/** A signing key pair plus the public JWK a JWKS would publish for it. */
export interface TestKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
  /** SPKI PEM of the public key: what an algorithm-confusion attacker uses as an HMAC secret. */
  publicPem: string;
}

export async function makeKey(alg: 'RS256' | 'ES256', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk, publicPem: await exportSPKI(publicKey) };
}

/**
 * A real JWKS endpoint on 127.0.0.1:<free port>, counting requests. `keys` and `status` can be
 * changed between requests to simulate rotation and outages.
 */
/**
 * The keys most JWKS tests need: an RSA and an EC key the server publishes, and an RSA key it
 * does not (a token signed with it must be refused).
 */
export async function testKeys(): Promise<{ rsa: TestKey; ec: TestKey; unpublished: TestKey }> {
  const [rsa, ec, unpublished] = await Promise.all([
    makeKey('RS256', 'rsa-1'),
    makeKey('ES256', 'ec-1'),
    makeKey('RS256', 'unpublished'),
  ]);
  return { rsa, ec, unpublished };
}

export interface JwksServer {
  url: string;
  keys: JWK[];
  status: number;
  /** Body to send instead of `{ keys }` (e.g. something that is not a JWKS). */
  body: string | undefined;
  requests: number;
  close(): Promise<void>;
}

export async function startJwksServer(keys: JWK[]): Promise<JwksServer> {
  const state = { keys, status: 200, body: undefined as string | undefined, requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests += 1;
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(state.status, { 'content-type': 'application/json' });
    res.end(state.body ?? JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}

/** A loopback URL nothing listens on: a server is bound to a free port, then closed. */
export async function deadJwksUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/.well-known/jwks.json`;
}

/** Sign `claims` exactly as given (no defaults added), with the key's alg and kid unless overridden. */
export async function signWith(
  key: TestKey,
  claims: JWTPayload,
  header: { kid?: string | undefined; jwk?: JWK } = { kid: key.kid },
): Promise<string> {
  const protectedHeader = { alg: key.alg, typ: 'JWT', ...header };
  return new SignJWT(claims).setProtectedHeader(protectedHeader).sign(key.privateKey);
}

/** HS256 with raw secret bytes: how tokens for hs256 mode and algorithm-confusion attacks are made. */
export async function signHs256(secret: string, claims: JWTPayload, kid?: string): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(kid ? { kid } : {}) })
    .sign(new TextEncoder().encode(secret));
}

/** An unsigned token (`alg: none`), which jose will not produce for us. */
export function unsecuredToken(claims: JWTPayload, kid?: string): string {
  const part = (value: object) => base64url.encode(JSON.stringify(value));
  return `${part({ alg: 'none', typ: 'JWT', ...(kid ? { kid } : {}) })}.${part(claims)}.`;
}

/** Change one character in the middle of the signature, so the bytes really differ. */
export function tamperSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const index = dot + Math.floor((token.length - dot) / 2);
  const replacement = token[index] === 'A' ? 'B' : 'A';
  return token.slice(0, index) + replacement + token.slice(index + 1);
}

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);
