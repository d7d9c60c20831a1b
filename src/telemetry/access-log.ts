import type { LogSink } from '../http/errors.js';
import type { RequestRecord, Telemetry } from './port.js';

/**
 * The access-log line of a request: one JSON object with a fixed set of fields, the same on every
 * target (the EMF and Workers sinks write these fields too, beside their metrics). It holds the path
 * without its query string and no header, so neither tokens nor cursors reach a log.
 */
export function accessLogLine(record: RequestRecord): Record<string, unknown> {
  return {
    level: 'info',
    msg: 'request',
    requestId: record.requestId,
    traceId: record.traceId,
    method: record.method,
    path: record.path,
    route: record.route,
    status: record.status,
    durationMs: record.latencyMs,
    ...(record.roundTrips === undefined ? {} : { roundTrips: record.roundTrips }),
    coldStart: record.coldStart,
    replayed: record.replayed,
    unhandledError: record.unhandledError,
  };
}

/** The default telemetry: the access-log line through the app's log sink, no metrics. */
export function accessLogTelemetry(log: LogSink): Telemetry {
  return { request: (record) => log(accessLogLine(record)) };
}
