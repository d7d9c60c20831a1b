import type { Hono } from 'hono';
import { type Telemetry, UNMATCHED_ROUTE } from '../telemetry/port.js';
import { RequestScope } from '../telemetry/scope.js';
import { incomingTraceId, newTraceId } from '../telemetry/trace.js';
import type { AppEnv } from './env.js';
import { type Reply, toResponse } from './reply.js';

/** An incoming id is kept only if it is short and plain enough to be safe in logs and headers. */
const SANE_REQUEST_ID = /^[\w.:=-]{1,128}$/;

/** Each request's scope (its id, trace id and what telemetry learns) while the app answers it. */
const scopes = new WeakMap<Request, RequestScope>();

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
  return scopes.get(request)?.requestId ?? 'unknown';
}

/** The scope `withRequestContext` made for `request` (a detached one outside it, e.g. a test calling a route directly). */
export function scopeOf(request: Request): RequestScope {
  return scopes.get(request) ?? new RequestScope('unknown', newTraceId());
}

export interface RequestContextOptions {
  /** Where each request's record goes (the access log, metrics). */
  telemetry: Telemetry;
  /** May answer a request before any route sees it (`oversizedRequest`). */
  screen?: (request: Request) => Reply | undefined;
  /** The store reports its round trips into the request's scope (`AppDeps.countedRepository`). */
  countsRoundTrips?: boolean;
  /** The route of a request answered before its operation ran (`routeMatcher`); default: unmatched. */
  routeOf?: (method: string, path: string) => string;
}

/**
 * The outermost layer: gives every request an id (the client's `x-request-id` when sane, else a
 * UUID) and a trace id (`traceparent` or `X-Amzn-Trace-Id`, else a new one), and hands one record
 * per request to `telemetry` (the access log, metrics). `screen` may answer a request before any
 * route sees it (`oversizedRequest`); that answer gets the id and the record too.
 *
 * It wraps `app.fetch` (which `app.request` calls too) rather than being a middleware: with no
 * middleware in front of it, a matched route is Hono's single-handler fast path, without the
 * middleware chain's async steps on every request.
 */
export function withRequestContext(app: Hono<AppEnv>, options: RequestContextOptions): Hono<AppEnv> {
  const { telemetry, screen = () => undefined, countsRoundTrips = false, routeOf } = options;
  const dispatch = app.fetch;
  // The first request of this app instance (isolate, container, process) is its cold start.
  let cold = true;
  const record = (request: Request, scope: RequestScope, started: number, response: Response): Response => {
    const coldStart = cold;
    cold = false;
    const path = app.getPath(request);
    telemetry.request({
      requestId: scope.requestId,
      traceId: scope.traceId,
      method: request.method,
      path,
      route: scope.route === UNMATCHED_ROUTE && routeOf ? routeOf(request.method, path) : scope.route,
      status: response.status,
      latencyMs: Math.round((performance.now() - started) * 100) / 100,
      roundTrips: countsRoundTrips ? scope.roundTrips : undefined,
      // Only POSTs take an Idempotency-Key; the header is the replay's documented marker.
      replayed: request.method === 'POST' && response.headers.get('idempotent-replayed') === 'true',
      coldStart,
      unhandledError: scope.unhandledError,
    });
    return response;
  };
  app.fetch = (request, env, executionCtx) => {
    const started = performance.now();
    const incoming = request.headers.get('x-request-id');
    const sane = incoming !== null && SANE_REQUEST_ID.test(incoming);
    const requestId = sane ? incoming : crypto.randomUUID();
    // A request without a trace starts one; a generated request id is already 122 random bits.
    const scope = new RequestScope(
      requestId,
      incomingTraceId(request.headers) ?? newTraceId(sane ? undefined : requestId),
    );
    const refused = screen(request);
    if (refused) return record(request, scope, started, toResponse(refused, { 'x-request-id': requestId }));
    scopes.set(request, scope);
    const response = dispatch(request, env, executionCtx);
    return response instanceof Promise
      ? response.then((answer) => record(request, scope, started, answer))
      : record(request, scope, started, response);
  };
  return app;
}
