import type { DevTokenOptions } from '../../../src/auth/dev-token.js';

/** Options for a test token; the target signs it (HS256) with its own secret. */
export type TokenOptions = Omit<DevTokenOptions, 'sub' | 'secret'>;

/**
 * What the HTTP contract suite needs from a deploy target. The suite builds every request against
 * `baseUrl` (default `http://parley.test`) and hands it to `fetch`; an in-process target calls
 * `app.fetch`, an adapter target converts it into its platform's event, a server target sends it
 * over a socket. Nothing in the suite depends on which.
 */
export interface HttpTarget {
  fetch(input: Request): Promise<Response>;
  /** A valid bearer token for `sub`: `signDevToken({ sub, secret, ...opts })` with the server's HS256 secret. */
  token(sub: string, opts?: TokenOptions): Promise<string>;
  baseUrl?: string;
  /**
   * `false` when the target's store cannot make concurrent duplicates impossible (Workers KV has
   * no compare-and-set): the suite then skips its concurrent-retry case, saying why.
   */
  atomicIdempotency?: boolean;
  /**
   * `false` when the target answers only Parley's own paths (`/v1/*`, `/health`, `/openapi.json`,
   * `/docs`) and hands every other one to someone else (Lambda@Edge returns it to CloudFront for the
   * origin): the unknown-route case then asks for an unknown path under `/v1` instead.
   */
  ownsAllPaths?: boolean;
  /**
   * Why the target has no media store, when it has none (Lambda@Edge: the bytes go to the
   * origin Region's API); the attachment cases are then skipped with this reason.
   */
  media?: string;
  close?(): Promise<void>;
}
