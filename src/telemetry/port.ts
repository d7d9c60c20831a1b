/**
 * The telemetry port: what the core tells the platform about each request it answered, once, after
 * the response is built. Adapters choose the sink: CloudWatch Embedded Metric Format lines on Lambda
 * and Greengrass (`./emf.ts`), a JSON log line plus an optional Analytics Engine data point on
 * Workers (`./workers.ts`), the plain access-log line elsewhere (`./access-log.ts`). Nothing here
 * knows a provider, and recording a request is synchronous: no sink awaits anything.
 */
export interface Telemetry {
  /** One call per request; must not throw. */
  request(record: RequestRecord): void;
}

/** One request as the core saw it. Never carries a header value, a query string or a token. */
export interface RequestRecord {
  /** The id the request was answered under (`x-request-id`). */
  requestId: string;
  /** W3C trace id (from `traceparent`), X-Ray root (from `X-Amzn-Trace-Id`), or one made for the request. */
  traceId: string;
  method: string;
  /** The decoded path without its query string (ids included: a log field, never a metric dimension). */
  path: string;
  /**
   * The operation's route from the table (`GET /v1/conversations/{conversationId}`), never ids;
   * `UNMATCHED_ROUTE` for a request no operation answered (404, 405, 414, 431).
   */
  route: string;
  status: number;
  /** From the request reaching the app to its response being built, ms. */
  latencyMs: number;
  /**
   * Calls the request made to the store (DynamoDB operations, KV operations, retries included);
   * `undefined` when the store does not report them (`AppDeps.countedRepository` absent).
   */
  roundTrips: number | undefined;
  /** Answered from a stored idempotent outcome (`Idempotent-Replayed: true`). */
  replayed: boolean;
  /** The first request this app instance (isolate, container, process) served. */
  coldStart: boolean;
  /** Something the error mapping did not know was thrown: the client got a 500 `internal-error`. */
  unhandledError: boolean;
}

/** The `route` of a request that reached no operation. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Where a store reports its round trips for one request (the request's scope). */
export interface RoundTripMeter {
  roundTrips: number;
}

/** `2xx`, `4xx`, `5xx`: the status class the metrics and logs group by. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
