import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config.js';
import { httpEntry, lazyStart, StartupUnavailableError } from '../src/startup.js';

const request = (id = 'req-1') => new Request('http://parley.test/health', { headers: { 'x-request-id': id } });
const ok = () => () => new Response('ok');

/** A build that fails with each error of `failures` in turn, then succeeds; counts its calls. */
function builds(failures: unknown[]) {
  const counter = { calls: 0 };
  const build = async () => {
    counter.calls++;
    const failure = failures.shift();
    if (failure) throw failure;
    return 'built';
  };
  return { build, counter };
}

describe('lazyStart: the one adapter lifecycle', () => {
  it('builds on the first call only, and shares one build between concurrent first calls', async () => {
    const { build, counter } = builds([]);
    const start = lazyStart({ build, log: () => {} });
    expect(counter.calls).toBe(0);
    expect(await Promise.all([start(), start(), start()])).toEqual(['built', 'built', 'built']);
    expect(await start()).toBe('built');
    expect(counter.calls).toBe(1);
  });

  it('does not keep a failed start: the next call builds again', async () => {
    const { build, counter } = builds([new StartupUnavailableError('SSM: no answer'), new Error('bug')]);
    const log: Array<Record<string, unknown>> = [];
    const start = lazyStart({ build, log: (entry) => log.push(entry) });
    await expect(start()).rejects.toBeInstanceOf(StartupUnavailableError);
    await expect(start()).rejects.toThrow('bug');
    expect(await start()).toBe('built');
    expect(counter.calls).toBe(3);
    expect(log.map((entry) => entry.event)).toEqual(['startup_failed', 'startup_failed']);
  });

  it('keeps an invalid configuration for configRetryMs, then builds again', async () => {
    let now = 0;
    const { build, counter } = builds([new ConfigError(['CURSOR_SECRET is required'])]);
    const log: Array<Record<string, unknown>> = [];
    const start = lazyStart({ build, log: (entry) => log.push(entry), configRetryMs: 1000, now: () => now });
    await expect(start()).rejects.toBeInstanceOf(ConfigError);
    now = 999;
    await expect(start()).rejects.toBeInstanceOf(ConfigError);
    expect(counter.calls).toBe(1);
    now = 1000;
    expect(await start()).toBe('built');
    expect(log).toEqual([{ level: 'error', event: 'config_invalid', problems: ['CURSOR_SECRET is required'] }]);
  });
});

describe('httpEntry: what a request gets while the entry cannot start', () => {
  const answer = async (error: unknown, id?: string) => {
    const entry = httpEntry(() => Promise.reject(error), ok);
    const response = await entry(request(id));
    return { response, body: (await response.json()) as { type: string; status: number; detail: string } };
  };

  it('an invalid configuration is a 500 problem naming the variables on local and dev stages', async () => {
    const { response, body } = await answer(new ConfigError(['CURSOR_SECRET is required'], { stage: 'dev' }));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(body).toMatchObject({ type: 'https://parley.dev/problems/internal-error', status: 500 });
    expect(body.detail).toBe('Invalid configuration: CURSOR_SECRET is required.');
  });

  it('on a deployed stage (or an unknown one) the 500 names nothing and quotes the request id', async () => {
    for (const stage of ['production', 'staging', undefined]) {
      const { body } = await answer(new ConfigError(['CURSOR_SECRET is required'], stage ? { stage } : {}), 'req-9');
      expect(body.detail).toBe('The service is misconfigured. Quote request id req-9 when reporting this.');
    }
  });

  it('a transient start-up failure (SSM or JWKS unreachable) is a 503 with Retry-After', async () => {
    const { response, body } = await answer(new StartupUnavailableError('SSM GetParameters: no answer', 3));
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(body).toMatchObject({ type: 'https://parley.dev/problems/service-unavailable', status: 503 });
    expect(body.detail).not.toContain('SSM');
  });

  it('anything else is a 500 that says nothing about the cause', async () => {
    const { response, body } = await answer(new Error('TypeError at secret-table'), 'req-7');
    expect(response.status).toBe(500);
    expect(body.detail).toBe('The request could not be completed. Quote request id req-7 when reporting this.');
  });

  it('once built, requests go to the built fetch with their extra arguments', async () => {
    const entry = httpEntry(
      async () => 'app',
      (built) => (r: Request, extra: string) => new Response(`${built}:${extra}:${new URL(r.url).pathname}`),
    );
    expect(await (await entry(request(), 'env')).text()).toBe('app:env:/health');
  });
});
