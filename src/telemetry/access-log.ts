import type { LogSink } from '../http/errors.js';
import type { RequestRecord, Telemetry } from './port.js';

/**
 * The access-log line of a request: one JSON object with a fixed set of fields, the same on every
 * target (the EMF and Workers sinks write these fields too, beside their metrics). It holds the path
 * without its query string and no header, so neither tokens nor cursors reach a log.
 */
export function accessLogLine(record: RequestRecord): Record<string, unknown> {
  // Two fixed shapes (with and without round trips) rather than a spread: this runs on every request.
  const { requestId, traceId, method, path, route, status, latencyMs, roundTrips, coldStart, replayed } = record;
  const { unhandledError } = record;
  return roundTrips === undefined
    ? {
        level: 'info',
        msg: 'request',
        requestId,
        traceId,
        method,
        path,
        route,
        status,
        durationMs: latencyMs,
        coldStart,
        replayed,
        unhandledError,
      }
    : {
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
        unhandledError,
      };
}

/** The default telemetry: the access-log line through the app's log sink, no metrics. */
export function accessLogTelemetry(log: LogSink): Telemetry {
  return { request: (record) => log(accessLogLine(record)) };
}
