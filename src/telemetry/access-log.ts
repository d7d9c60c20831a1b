import type { LogSink } from '../http/errors.js';
import type { RequestRecord, Telemetry } from './port.js';

/**
 * The access-log line of a request: one JSON object with a fixed set of fields, the same on every
 * target (the EMF and Workers sinks write these fields too, beside their metrics). It holds the path
 * without its query string and no header, so neither tokens nor cursors reach a log.
 */
export function accessLogLine(record: RequestRecord): Record<string, unknown> {
  // One fixed-shape literal rather than a spread (this runs on every request); a field that is
  // `undefined` (no store round trips counted, no error) is left out when the line is serialized.
  const { requestId, traceId, method, path, route, status, latencyMs, roundTrips, coldStart, replayed } = record;
  return {
    level: 'info',
    msg: 'request',
    requestId,
    traceId,
    method,
    path,
    route,
    status,
    durationMs: latencyMs,
    roundTrips,
    coldStart,
    replayed,
    unhandledError: record.unhandledError,
  };
}

/** The default telemetry: the access-log line through the app's log sink, no metrics. */
export function accessLogTelemetry(log: LogSink): Telemetry {
  return { request: (record) => log(accessLogLine(record)) };
}
