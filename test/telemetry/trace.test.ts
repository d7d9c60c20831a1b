import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { incomingTraceId, newTraceId } from '../../src/telemetry/trace.js';
import { hs256TestConfig } from '../support/app-config.js';

const headers = (init: Record<string, string>) => new Headers(init);

describe('incomingTraceId', () => {
  it('reads the W3C trace-id of traceparent', () => {
    expect(incomingTraceId(headers({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }))).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    // A later version may append fields; version 00 may not.
    expect(incomingTraceId(headers({ traceparent: '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x' }))).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
  });

  it('refuses malformed and invalid traceparent values', () => {
    for (const value of [
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra',
      '00-4bf92f3577b34da6a3ce929d0e0e47-00f067aa0ba902b7-01',
      '<script>',
    ]) {
      expect(incomingTraceId(headers({ traceparent: value })), value).toBeUndefined();
    }
  });

  it('reads the Root of X-Amzn-Trace-Id, also behind the Self= that ALB adds', () => {
    expect(
      incomingTraceId(
        headers({ 'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1' }),
      ),
    ).toBe('1-5759e988-bd862e3fe1be46a994272793');
    expect(
      incomingTraceId(
        headers({
          'x-amzn-trace-id': 'Self=1-67891234-12456789abcdef012345678;Root=1-67891233-abcdef012345678912345678',
        }),
      ),
    ).toBe('1-67891233-abcdef012345678912345678');
    expect(incomingTraceId(headers({ 'x-amzn-trace-id': 'Root=1-zz;Sampled=1' }))).toBeUndefined();
  });

  it('prefers traceparent over X-Amzn-Trace-Id, and has nothing without either', () => {
    expect(
      incomingTraceId(
        headers({
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          'x-amzn-trace-id': 'Root=1-5759e988-bd862e3fe1be46a994272793',
        }),
      ),
    ).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(incomingTraceId(headers({}))).toBeUndefined();
  });

  it('makes W3C-shaped ids for requests without one', () => {
    expect(newTraceId()).toMatch(/^[0-9a-f]{32}$/);
    expect(newTraceId()).not.toBe(newTraceId());
  });
});

describe('the trace id in every log line of a request', () => {
  it('rides in the access line and the error line', async () => {
    const { config } = hs256TestConfig('trace');
    const logs: Array<Record<string, unknown>> = [];
    const memory = createMemoryRepository();
    const app = createApp({
      config,
      repository: { ...memory, getUser: () => Promise.reject(new Error('boom')) },
      log: (entry) => logs.push(entry),
    });
    const { signDevToken } = await import('../../src/auth/dev-token.js');
    const token = await signDevToken({ sub: 'trace-alice', secret: hs256TestConfig('trace').secret });
    const response = await app.fetch(
      new Request('http://parley.test/v1/users/me', {
        headers: {
          authorization: `Bearer ${token}`,
          traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        },
      }),
    );
    expect(response.status).toBe(500);
    expect(logs).toHaveLength(2);
    for (const line of logs) expect(line.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(logs.map((line) => line.msg)).toEqual(['request failed: unexpected error', 'request']);
  });

  it('gives each request without a trace a trace of its own', async () => {
    const { config } = hs256TestConfig('trace-new');
    const logs: Array<Record<string, unknown>> = [];
    const app = createApp({ config, repository: createMemoryRepository(), log: (entry) => logs.push(entry) });
    await app.fetch(new Request('http://parley.test/health'));
    await app.fetch(new Request('http://parley.test/health', { headers: { 'x-request-id': 'client-id' } }));
    const [a, b] = logs.map((line) => line.traceId as string);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
  });
});
