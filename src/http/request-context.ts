import type { Hono } from 'hono';
import type { AppEnv } from './env.js';
import type { LogSink } from './errors.js';
import { type Reply, toResponse } from './reply.js';

/** An incoming id is kept only if it is short and plain enough to be safe in logs and headers. */
const SANE_REQUEST_ID = /^[\w.:=-]{1,128}$/;

/** Each request's id while the app answers it, for whatever builds a response (`requestIdOf`). */
const requestIds = new WeakMap<Request, string>();

/** The client's `x-request-id` when it is sane, else a new UUID: the id a request is answered and logged under. */
export function incomingRequestId(request: Request): string {
  const incoming = request.headers.get('x-request-id');
  return incoming !== null && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/**
 * The id `withRequestContext` gave `request`. Every `Response` the app builds carries it as
 * `x-request-id` from the start (`toResponse(reply, { 'x-request-id': … })`), instead of having it
 * set afterwards: on Node that would turn the response's plain header record into a `Headers`.
 */
export function requestIdOf(request: Request): string {
  return requestIds.get(request) ?? 'unknown';
}

/**
 * The outermost layer: gives every request an id (the client's `x-request-id` when sane, else a
 * UUID) and writes one access-log line per request. The line holds the path without its query
 * string, and no headers, so neither tokens nor cursors reach the logs. `screen` may answer a
 * request before any route sees it (`oversizedRequest`); that answer gets the id and the line too.
 *
 * It wraps `app.fetch` (which `app.request` calls too) rather than being a middleware: with no
 * middleware in front of it, a matched route is Hono's single-handler fast path, without the
 * middleware chain's async steps on every request.
 */
export function withRequestContext(
  app: Hono<AppEnv>,
  log: LogSink,
  screen: (request: Request) => Reply | undefined = () => undefined,
): Hono<AppEnv> {
  const dispatch = app.fetch;
  app.fetch = (request, env, executionCtx) => {
    const requestId = incomingRequestId(request);
    const started = Date.now();
    const refused = screen(request);
    if (refused)
      return logged(app, log, request, requestId, started, toResponse(refused, { 'x-request-id': requestId }));
    requestIds.set(request, requestId);
    const response = dispatch(request, env, executionCtx);
    return response instanceof Promise
      ? response.then((answer) => logged(app, log, request, requestId, started, answer))
      : logged(app, log, request, requestId, started, response);
  };
  return app;
}

/** Write the access-log line for `response` and pass it on. */
function logged(
  app: Hono<AppEnv>,
  log: LogSink,
  request: Request,
  requestId: string,
  started: number,
  response: Response,
): Response {
  log({
    level: 'info',
    msg: 'request',
    requestId,
    method: request.method,
    path: app.getPath(request),
    status: response.status,
    durationMs: Date.now() - started,
  });
  return response;
}
