import { HttpProblem, problemReply } from './problem.js';
import type { Reply } from './reply.js';

/**
 * The request-line and header ceilings every target shares, so an oversized request gets the same
 * problem+json everywhere instead of whatever each platform does (Node answers a bare 431 past
 * 16 KiB of headers; CloudFront refuses a URI of 8,192 characters or more).
 */
export const REQUEST_LIMITS = {
  /** Path plus query string, in characters (Lambda@Edge: "URI plus query string must be < 8,192"). */
  urlChars: 8191,
  /** Header names and values in bytes, `": "` and CRLF included; under Node's 16 KiB default. */
  headerBytes: 12 * 1024,
} as const;

/**
 * The problem reply for a request over `REQUEST_LIMITS`, or `undefined` to go on. A plain check
 * the outermost layer runs (`withRequestContext`), not a middleware of its own: every async step
 * in Hono's chain costs each request about as much as the check itself.
 */
export function oversizedRequest(request: Request): Reply | undefined {
  if (requestTargetLength(request.url) > REQUEST_LIMITS.urlChars) {
    return problemReply(
      new HttpProblem(
        'uri-too-long',
        `The path and query string are longer than ${REQUEST_LIMITS.urlChars} characters.`,
      ),
    );
  }
  let bytes = 0;
  request.headers.forEach((value, name) => {
    bytes += name.length + value.length + 4;
  });
  if (bytes > REQUEST_LIMITS.headerBytes) {
    return problemReply(
      new HttpProblem(
        'header-fields-too-large',
        `The request headers are larger than ${REQUEST_LIMITS.headerBytes} bytes.`,
      ),
    );
  }
  return undefined;
}

/**
 * `pathname.length + search.length` of an absolute, serialized URL (`Request.url` always is one),
 * counted in the string instead of parsing a `URL` on every request.
 */
export function requestTargetLength(url: string): number {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  if (start < 0) return 0;
  const hash = url.indexOf('#', start);
  const end = hash < 0 ? url.length : hash;
  // A bare `?` is an empty query: URL's `search` is '' then, not '?'.
  const bareQuery = url.charCodeAt(end - 1) === 63 && url.indexOf('?', start) === end - 1;
  return end - start - (bareQuery ? 1 : 0);
}
