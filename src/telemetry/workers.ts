import type { LogSink } from '../http/errors.js';
import { accessLogLine } from './access-log.js';
import { type RequestRecord, statusClass, type Telemetry } from './port.js';

/**
 * The slice of a Workers Analytics Engine dataset binding Parley writes to, matching Cloudflare's
 * `AnalyticsEngineDataset` (https://developers.cloudflare.com/analytics/analytics-engine/get-started/):
 * at most 20 blobs, 20 doubles and 1 index (≤ 96 bytes) per data point; writes are fire-and-forget.
 */
export interface AnalyticsEngineDatasetLike {
  writeDataPoint(point: { indexes?: string[]; blobs?: string[]; doubles?: number[] }): void;
}

/**
 * The columns of Parley's data points, in order, for SQL API queries (`blob1` … , `double1` …):
 * the index is the route, which is also Analytics Engine's sampling key, so rare routes keep their
 * samples next to busy ones.
 */
export const ANALYTICS_BLOBS = ['route', 'method', 'statusClass', 'stage', 'traceId'] as const;
export const ANALYTICS_DOUBLES = [
  'latencyMs',
  'status',
  'roundTrips',
  'replayed',
  'coldStart',
  'unhandledError',
] as const;

export interface WorkersTelemetryOptions {
  /** Where the access-log line goes: `console.log` of its JSON, which Workers Logs indexes by field. */
  log: LogSink;
  /** The optional Analytics Engine binding (`PARLEY_ANALYTICS`). */
  dataset?: AnalyticsEngineDatasetLike | undefined;
  stage: string;
}

/**
 * The Worker's telemetry: the access-log line for Workers Logs (`[observability]` in
 * wrangler.toml samples whole invocations per environment) and, when the binding is there, one
 * Analytics Engine data point per request for metrics that sampling of logs must not thin out.
 */
export function createWorkersTelemetry(options: WorkersTelemetryOptions): Telemetry {
  const { log, dataset, stage } = options;
  return {
    request(record) {
      log(accessLogLine(record));
      if (!dataset) return;
      try {
        dataset.writeDataPoint(analyticsDataPoint(record, stage));
      } catch {
        // Metrics must never fail a request; a refused point is lost, the log line is not.
      }
    },
  };
}

export function analyticsDataPoint(record: RequestRecord, stage: string) {
  return {
    indexes: [record.route],
    blobs: [record.route, record.method, statusClass(record.status), stage, record.traceId],
    doubles: [
      record.latencyMs,
      record.status,
      record.roundTrips ?? -1,
      record.replayed ? 1 : 0,
      record.coldStart ? 1 : 0,
      record.unhandledError ? 1 : 0,
    ],
  };
}
