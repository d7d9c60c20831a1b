import type { RequestRecord, Telemetry } from './port.js';

/**
 * CloudWatch Embedded Metric Format: each request's access-log line, with an `_aws` member that
 * tells CloudWatch Logs which of its fields are metrics, so metrics cost no API call and no round
 * trip (specification: awsdocs/amazon-cloudwatch-user-guide, "Specification: Embedded metric
 * format"; its JSON schema is test/fixtures/schemas/emf.schema.json). On Lambda a line written to
 * stdout is enough — but written past `console`, which wraps it in Lambda's JSON log envelope when
 * the function's log format is JSON, and CloudWatch then extracts nothing.
 *
 * Dimension sets are small and fixed (every distinct combination is a billed custom metric):
 * - `[service, stage]`: every metric below;
 * - `[service, stage, route]`: `Latency` and `Http5xx` per operation (`route` is the table's
 *   template, never an id: about 25 values).
 */
export const EMF_NAMESPACE = 'Parley';

/** The metrics each line carries, by directive. Names are what the alarms and dashboard in template.yaml use. */
export const EMF_METRICS = {
  /** ms from the request reaching the app to its response. */
  Latency: 'Milliseconds',
  /** Store calls of the request (DynamoDB operations, retries included); only where the store counts them. */
  StoreRoundTrips: 'Count',
  /** 1 when the status is 4xx, else 0 (the Average is the 4xx rate). */
  Http4xx: 'Count',
  /** 1 when the status is 5xx, else 0. */
  Http5xx: 'Count',
  /** 1 when the answer was an idempotent replay. */
  IdempotentReplays: 'Count',
  /** 1 on the first request of a container or process; absent otherwise. */
  ColdStart: 'Count',
  /** 1 when an unexpected error reached the error mapping (a 500 `internal-error`); absent otherwise. */
  UnhandledError: 'Count',
} as const;
export type EmfMetric = keyof typeof EMF_METRICS;

/** Metrics that are also published per route. */
export const EMF_ROUTE_METRICS: readonly EmfMetric[] = ['Latency', 'Http5xx'];
export const EMF_DIMENSIONS = [
  ['service', 'stage'],
  ['service', 'stage', 'route'],
] as const;

export interface EmfOptions {
  /** Writes one line (no trailing newline); on Lambda `process.stdout.write`, past `console`. */
  write: (line: string) => void;
  /** The `stage` dimension (`PARLEY_STAGE`). */
  stage: string;
  /** The `service` dimension. Default `parley`. */
  service?: string;
  /** Clock in ms for `_aws.Timestamp`. Default `Date.now`. */
  now?: () => number;
}

/** The telemetry sink of Lambda, Lambda@Edge, Greengrass and the Node server: one EMF line per request. */
export function createEmfTelemetry(options: EmfOptions): Telemetry {
  const service = options.service ?? 'parley';
  const now = options.now ?? Date.now;
  // The constant parts of a line, made once: the `CloudWatchMetrics` array of each combination of
  // optional metrics (round trips known, cold start, unhandled error), and the dimension members.
  const directives: string[] = [];
  const directivesFor = (mask: number): string =>
    (directives[mask] ??= JSON.stringify([
      { Namespace: EMF_NAMESPACE, Dimensions: [EMF_DIMENSIONS[0]], Metrics: definitions(metricsOf(mask)) },
      { Namespace: EMF_NAMESPACE, Dimensions: [EMF_DIMENSIONS[1]], Metrics: definitions(EMF_ROUTE_METRICS) },
    ]));
  const dimensions = JSON.stringify({ service, stage: options.stage }).slice(1, -1);
  return {
    request(record) {
      const mask = maskOf(record);
      // One object literal of a fixed shape (absent metrics are `undefined`, which JSON leaves out),
      // appended to the constant head without a second stringify: this runs on every request.
      const fields = JSON.stringify({
        level: 'info',
        msg: 'request',
        requestId: record.requestId,
        traceId: record.traceId,
        method: record.method,
        path: record.path,
        route: record.route,
        status: record.status,
        durationMs: record.latencyMs,
        roundTrips: record.roundTrips,
        coldStart: record.coldStart,
        replayed: record.replayed,
        unhandledError: record.unhandledError,
        Latency: record.latencyMs,
        Http4xx: record.status >= 400 && record.status < 500 ? 1 : 0,
        Http5xx: record.status >= 500 ? 1 : 0,
        IdempotentReplays: record.replayed ? 1 : 0,
        StoreRoundTrips: record.roundTrips,
        ColdStart: record.coldStart ? 1 : undefined,
        UnhandledError: record.unhandledError ? 1 : undefined,
      });
      options.write(
        `{"_aws":{"Timestamp":${Math.round(now())},"CloudWatchMetrics":${directivesFor(mask)}},${dimensions},${fields.slice(1)}`,
      );
    },
  };
}

const definitions = (names: readonly EmfMetric[]) => names.map((name) => ({ Name: name, Unit: EMF_METRICS[name] }));

function maskOf(record: RequestRecord): number {
  return (record.roundTrips === undefined ? 0 : 1) | (record.coldStart ? 2 : 0) | (record.unhandledError ? 4 : 0);
}

/** The metrics a line carries, in the order they are declared. */
function metricsOf(mask: number): EmfMetric[] {
  return [
    'Latency',
    'Http4xx',
    'Http5xx',
    'IdempotentReplays',
    ...(mask & 1 ? (['StoreRoundTrips'] as const) : []),
    ...(mask & 2 ? (['ColdStart'] as const) : []),
    ...(mask & 4 ? (['UnhandledError'] as const) : []),
  ];
}
