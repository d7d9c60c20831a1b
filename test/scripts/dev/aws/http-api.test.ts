import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { httpApiEvent, httpApiResponse, startHttpApi } from '../../../../scripts/dev/aws/http-api.js';
import { createFunctionHost, type FunctionHost } from '../../../../scripts/dev/aws/lambda-runtime.js';
import { eventShape, toRequest } from '../../../../adapters/lambda/events/index.js';

/**
 * The local HTTP API front door and the Lambda execution environments behind it, over real sockets
 * and real Node processes: handlers written here answer with good, malformed and failing results,
 * and the client gets what API Gateway would send (a 502 for anything malformed, an error, a crash
 * or a timeout).
 */
const work = mkdtempSync(join(tmpdir(), 'parley-http-api-'));
const hosts: FunctionHost[] = [];
const stops: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const stop of stops) await stop();
  for (const host of hosts) await host.stop();
  rmSync(work, { recursive: true, force: true });
});

writeFileSync(
  join(work, 'handler.mjs'),
  `
export const echo = async (event, context) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json', 'x-remaining': String(context.getRemainingTimeInMillis() > 0) },
  cookies: ['a=1; Path=/', 'b=2; Path=/'],
  body: JSON.stringify({ event, awsRequestId: context.awsRequestId, trace: process.env._X_AMZN_TRACE_ID }),
});
export const binary = async () => ({ statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([0, 1, 254, 255]).toString('base64'), isBase64Encoded: true });
export const noStatus = async () => ({ hello: 'world' });
export const badStatus = async () => ({ statusCode: '200', body: 'x' });
export const badHeaders = async () => ({ statusCode: 200, headers: { 'x-a': { nested: true } }, body: 'x' });
export const badBody = async () => ({ statusCode: 200, body: { not: 'a string' } });
export const badBase64 = async () => ({ statusCode: 200, body: '%%%', isBase64Encoded: true });
export const throws = async () => { throw new TypeError('kaboom'); };
export const slow = () => new Promise(() => {});
export const crash = async () => { process.exit(3); };
`,
);
writeFileSync(join(work, 'broken.mjs'), `throw new Error('cannot import');\n`);

async function door(handler: string, timeoutMs = 5_000) {
  const host = createFunctionHost({
    name: `fn-${handler.replace('.', '-')}`,
    taskRoot: work,
    handler,
    timeoutMs,
    memoryMb: 128,
    environment: {},
    maxEnvironments: 2,
    output: () => {},
  });
  hosts.push(host);
  const api = await startHttpApi({ target: host, port: 0 });
  stops.push(api.stop);
  return { host, url: api.url };
}

describe('local HTTP API front door (payload 2.0)', () => {
  it('sends the function a payload 2.0 event the Lambda adapter reads back into the same request', async () => {
    const { url } = await door('handler.echo');
    const response = await fetch(`${url}/v1/things/a%20b?x=1&x=2&y=%2F`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'x-multi': 'one', traceparent: 'tp' },
      body: JSON.stringify({ ok: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(response.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9+/=]{8,}$/);
    const { event, awsRequestId, trace } = (await response.json()) as {
      event: any;
      awsRequestId: string;
      trace: string;
    };
    expect(awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(trace).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: '$default',
      rawPath: '/v1/things/a%20b',
      rawQueryString: 'x=1&x=2&y=%2F',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { x: '1,2', y: '/' },
      body: '{"ok":true}',
      isBase64Encoded: false,
      requestContext: {
        routeKey: '$default',
        stage: '$default',
        http: { method: 'POST', path: '/v1/things/a b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.requestContext.time).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    // The adapter recognises it and turns it back into the request that was sent.
    expect(eventShape(event)).toBe('apigw-v2');
    const { request } = toRequest('apigw-v2', event);
    expect(new URL(request.url).pathname).toBe('/v1/things/a%20b');
    expect(new URL(request.url).search).toBe('?x=1&x=2&y=%2F');
    expect(request.headers.get('cookie')).toBe('c1=v1; c2=v2');
    expect(await request.json()).toEqual({ ok: true });
  });

  it('has the fields of the documented example event (test/fixtures/events/apigw-v2)', () => {
    const fixture = JSON.parse(
      readFileSync(new URL('../../../fixtures/events/apigw-v2/documented-example.json', import.meta.url), 'utf8'),
    );
    const event = httpApiEvent(
      {
        method: 'POST',
        target: '/my/path?parameter1=value1&parameter1=value2&parameter2=value',
        headers: { header1: ['value1'], header2: ['value1', 'value2'], cookie: ['cookie1; cookie2'] },
        body: Buffer.from('Hello from Lambda'),
        sourceIp: '192.0.2.20',
        localPort: 443,
      },
      { apiId: 'api-id', requestId: 'id', now: new Date(1583348638390) },
    ) as any;
    const keys = (o: object) => Object.keys(o).sort();
    const expected = keys(fixture).filter((key) => !['pathParameters', 'stageVariables'].includes(key));
    expect(keys(event)).toEqual(expected);
    expect(keys(event.requestContext).filter((key) => key !== 'authentication')).toEqual(
      keys(fixture.requestContext).filter((key) => key !== 'authentication'),
    );
    expect(keys(event.requestContext.http)).toEqual(keys(fixture.requestContext.http));
    expect(event.cookies).toEqual(fixture.cookies);
    expect(event.queryStringParameters).toEqual(fixture.queryStringParameters);
    expect(event.headers.header2).toBe(fixture.headers.header2);
    expect(event.rawQueryString).toBe(fixture.rawQueryString);
    expect(event.body).toBe(fixture.body);
    // The fixture's time is in another zone of the docs; the format is the same.
    expect(event.requestContext.time).toMatch(/^04\/Mar\/2020:19:03:58 \+0000$/);
  });

  it('base64-encodes a body that is not text, both ways', async () => {
    const { url } = await door('handler.echo');
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0xff, 0x00]);
    const response = await fetch(`${url}/upload`, {
      method: 'PUT',
      headers: { 'content-type': 'image/png' },
      body: bytes,
    });
    const { event } = (await response.json()) as { event: any };
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(bytes);
    const binary = await fetch(`${(await door('handler.binary')).url}/x`);
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 254, 255]));
  });

  it('sends a result without statusCode as a 200 JSON body, as payload 2.0 documents', async () => {
    const response = await fetch(`${(await door('handler.noStatus')).url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ hello: 'world' });
  });

  for (const handler of ['badStatus', 'badHeaders', 'badBody', 'badBase64', 'throws', 'crash']) {
    it(`answers 502 {"message":"Internal Server Error"} for ${handler}`, async () => {
      const response = await fetch(`${(await door(`handler.${handler}`)).url}/`);
      expect(response.status).toBe(502);
      expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    });
  }

  it('times an invocation out at the function timeout (502), and the next one gets a fresh environment', async () => {
    const { url, host } = await door('handler.slow', 300);
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(502);
    const second = await host.invoke({});
    expect(second).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    expect(host.stats().coldStarts).toBe(2);
  });

  it('reports an init error to the waiting invocation instead of retrying forever', async () => {
    const { url, host } = await door('broken.handler');
    expect((await fetch(`${url}/`)).status).toBe(502);
    const result = await host.invoke({});
    // The error the import threw, as Lambda reports an init failure to the invocation that waited for it.
    expect(result).toMatchObject({ ok: false, error: { errorType: 'Error', errorMessage: 'cannot import' } });
  });

  it('runs concurrent invocations in separate environments, each a cold start, then reuses them', async () => {
    const { host } = await door('handler.echo');
    const results = await Promise.all([host.invoke({ n: 1 }), host.invoke({ n: 2 })]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(host.stats().coldStarts).toBe(2);
    await host.invoke({ n: 3 });
    expect(host.stats().coldStarts).toBe(2);
  });

  it('refuses an event over the 6 MB invocation limit with 413, as API Gateway does', () => {
    expect(
      httpApiResponse(
        { ok: false, requestId: 'r', error: { errorType: 'RequestEntityTooLargeException', errorMessage: '' } },
        'id',
      ).status,
    ).toBe(413);
  });

  it('leaves no process behind', async () => {
    for (const host of hosts.splice(0)) await host.stop();
    expect(hosts).toEqual([]);
    expect(readdirSync(work)).toContain('handler.mjs');
  });
});
