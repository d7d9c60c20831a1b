import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/** Response headers a browser app may read: validators, where a resource was created, tracing, retries. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'x-request-id', 'Idempotent-Replayed', 'Retry-After'];

/**
 * CORS for the configured `origins` (exact matches, never `*`). Mounted before auth: a preflight
 * (`OPTIONS`) carries no token by design (Fetch standard), so it is answered here with 204 and the
 * allowed methods and headers; an origin that is not listed gets no `Access-Control-Allow-Origin`, so
 * the browser refuses to hand the answer to its page.
 */
export function corsMiddleware(origins: readonly string[]): MiddlewareHandler {
  return cors({
    origin: (origin) => (origins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'x-request-id'],
    exposeHeaders: CORS_EXPOSED_HEADERS,
    maxAge: 600,
  });
}
