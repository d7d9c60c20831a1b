import { accessLogLine } from './access-log.js';
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
  // The `CloudWatchMetrics` array depends only on which optional metrics a line carries: made once each.
  const directives = new Map<string, string>();
  const directivesFor = (metrics: EmfMetric[]): string => {
    const key = metrics.join(',');
    let json = directives.get(key);
    if (json === undefined) {
      const definitions = (names: readonly EmfMetric[]) =>
        names.map((name) => ({ Name: name, Unit: EMF_METRICS[name] }));
      json = JSON.stringify([
        { Namespace: EMF_NAMESPACE, Dimensions: [EMF_DIMENSIONS[0]], Metrics: definitions(metrics) },
        { Namespace: EMF_NAMESPACE, Dimensions: [EMF_DIMENSIONS[1]], Metrics: definitions(EMF_ROUTE_METRICS) },
      ]);
      directives.set(key, json);
    }
    return json;
  };
  return {
    request(record) {
      const { metrics, values } = emfValues(record);
      const fields = JSON.stringify({ service, stage: options.stage, ...accessLogLine(record), ...values });
      // `{"_aws":…,` + the fields without their opening brace: one object, built without a second stringify.
      options.write(
        `{"_aws":{"Timestamp":${Math.round(now())},"CloudWatchMetrics":${directivesFor(metrics)}},${fields.slice(1)}`,
      );
    },
  };
}

/** The metric members of a request's line, and which metrics it carries. */
export function emfValues(record: RequestRecord): { metrics: EmfMetric[]; values: Partial<Record<EmfMetric, number>> } {
  const values: Partial<Record<EmfMetric, number>> = {
    Latency: record.latencyMs,
    Http4xx: record.status >= 400 && record.status < 500 ? 1 : 0,
    Http5xx: record.status >= 500 ? 1 : 0,
    IdempotentReplays: record.replayed ? 1 : 0,
  };
  if (record.roundTrips !== undefined) values.StoreRoundTrips = record.roundTrips;
  if (record.coldStart) values.ColdStart = 1;
  if (record.unhandledError) values.UnhandledError = 1;
  return { metrics: Object.keys(values) as EmfMetric[], values };
}
