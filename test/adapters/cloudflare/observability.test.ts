import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { workerUrl } from './target.js';
import { WORKERS } from './workers.js';

/**
 * The Worker's telemetry in workerd, with the Analytics Engine binding wrangler.toml declares: each
 * request is one JSON access line on the Worker's console (what Workers Logs indexes), carrying the
 * trace id of the request's `traceparent` and the operation's route template.
 */
function workerdLines(): Array<Record<string, unknown>> {
  const file = inject('workerdLog');
  if (!file) throw new Error('workerd was not started for this run (PARLEY_WORKERD=1)');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return {};
      }
    });
}

async function lineFor(traceId: string): Promise<Record<string, unknown> | undefined> {
  // workerd's output reaches the log file through a pipe: wait for the line, not for a time.
  for (let i = 0; i < 200; i++) {
    const line = workerdLines().find((entry) => entry.traceId === traceId && entry.msg === 'request');
    if (line) return line;
    await new Promise((resolve) => setImmediate(resolve));
    if (i > 50) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return undefined;
}

describe('Worker telemetry in workerd (Workers Logs line, Analytics Engine binding)', () => {
  it('logs one JSON line per request with the trace id and the route template', async () => {
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const response = await fetch(new URL('/v1/conversations/01JABCDEFGHJKMNPQRSTVWXYZ0', workerUrl(WORKERS.kv)), {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(401);
    const line = await lineFor(traceId);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      traceId,
      method: 'GET',
      route: 'GET /v1/conversations/{conversationId}',
      status: 401,
      replayed: false,
      unhandledError: false,
    });
    expect(typeof line?.roundTrips).toBe('number');
  });
});
