import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import { HttpProblem, problemReply } from './problem.js';
import { toResponse } from './reply.js';

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

export function requestLimits(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (url.pathname.length + url.search.length > REQUEST_LIMITS.urlChars) {
      return refuse(new HttpProblem('uri-too-long', `The path and query string are longer than ${REQUEST_LIMITS.urlChars} characters.`));
    }
    let bytes = 0;
    c.req.raw.headers.forEach((value, name) => {
      bytes += name.length + value.length + 4;
    });
    if (bytes > REQUEST_LIMITS.headerBytes) {
      return refuse(new HttpProblem('header-fields-too-large', `The request headers are larger than ${REQUEST_LIMITS.headerBytes} bytes.`));
    }
    await next();
  };
}

const refuse = (problem: HttpProblem) => toResponse(problemReply(problem));
