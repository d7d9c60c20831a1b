import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../src/telemetry/port.js';
import { OPERATIONS } from '../../src/routes/table.js';
import { ANALYTICS_BLOBS, ANALYTICS_DOUBLES, createWorkersTelemetry } from '../../src/telemetry/workers.js';

const record: RequestRecord = {
  requestId: 'r-1',
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  method: 'POST',
  path: '/v1/conversations',
  route: 'POST /v1/conversations',
  status: 201,
  latencyMs: 12.5,
  roundTrips: 3,
  replayed: true,
  coldStart: true,
  unhandledError: false,
};

// The Analytics Engine binding is a recording stand-in here (Miniflare's local dataset drops every
// point, so there is nothing to read back); the Worker with the binding runs in workerd in
// test/adapters/cloudflare/observability.test.ts.
describe('Workers telemetry', () => {
  it('logs the access line and writes one data point per request, columns as documented', () => {
    const lines: Array<Record<string, unknown>> = [];
    const points: unknown[] = [];
    const telemetry = createWorkersTelemetry({
      log: (entry) => lines.push(entry),
      dataset: { writeDataPoint: (point) => void points.push(point) },
      stage: 'staging',
    });
    telemetry.request(record);
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'request', route: 'POST /v1/conversations', traceId: record.traceId }),
    ]);
    expect(points).toEqual([
      {
        indexes: ['POST /v1/conversations'],
        blobs: ['POST /v1/conversations', 'POST', '2xx', 'staging', record.traceId],
        doubles: [12.5, 201, 3, 1, 1, 0],
      },
    ]);
    expect(ANALYTICS_BLOBS).toHaveLength(5);
    expect(ANALYTICS_DOUBLES).toHaveLength(6);
  });

  it('works without the binding, and a dataset that throws never fails the request', () => {
    const lines: unknown[] = [];
    createWorkersTelemetry({ log: (entry) => lines.push(entry), stage: 'dev' }).request(record);
    createWorkersTelemetry({
      log: (entry) => lines.push(entry),
      dataset: {
        writeDataPoint: () => {
          throw new Error('limit');
        },
      },
      stage: 'dev',
    }).request(record);
    expect(lines).toHaveLength(2);
  });

  it('every route fits the 96-byte index limit', () => {
    for (const { route } of OPERATIONS)
      expect(new TextEncoder().encode(route).byteLength, route).toBeLessThanOrEqual(96);
  });
});
