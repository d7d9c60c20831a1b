import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';
import type { LogSink } from './errors.js';

/** An incoming id is kept only if it is short and plain enough to be safe in logs and headers. */
const SANE_REQUEST_ID = /^[\w.:=-]{1,128}$/;

/**
 * Outermost middleware: gives every request an id (the client's `x-request-id` when sane, else
 * a UUID), echoes it on every response, and writes one access-log line. The line holds the path
 * without its query string, and no headers, so neither tokens nor cursors reach the logs.
 * `screen` may answer a request before any route sees it (`oversizedRequest`); that answer gets
 * the id and the log line too.
 */
export function requestContext(
  log: LogSink,
  screen: (request: Request) => Response | undefined = () => undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    const started = Date.now();
    const refused = screen(c.req.raw);
    if (refused) c.res = refused;
    else await next();
    try {
      c.res.headers.set('x-request-id', requestId);
    } catch {
      // Immutable headers (a response passed through from fetch): copy it.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set('x-request-id', requestId);
    }
    log({
      level: 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - started,
    });
  };
}
