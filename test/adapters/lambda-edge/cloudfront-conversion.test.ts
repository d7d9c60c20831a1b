import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CloudFrontRequestEvent } from '../../../adapters/lambda-edge/cloudfront-event.js';
import { isForbiddenEdgeHeader } from '../../../adapters/lambda-edge/edge-headers.js';
import { EDGE_EVENT_LIMITS, limitsForEvent } from '../../../adapters/lambda-edge/event-limits.js';
import { toRequest } from '../../../adapters/lambda-edge/to-request.js';
import { ResponseTooLargeError, toResult } from '../../../adapters/lambda-edge/to-result.js';

const ORIGIN = EDGE_EVENT_LIMITS['origin-request'];
const VIEWER = EDGE_EVENT_LIMITS['viewer-request'];
const MAX_GENERATED_RESPONSE_BYTES = ORIGIN.generatedResponseBytes;

const fixture = (name: string): CloudFrontRequestEvent =>
  JSON.parse(readFileSync(new URL(`../../fixtures/events/cloudfront/${name}.json`, import.meta.url), 'utf8'));
const record = (name: string) => {
  const r = fixture(name).Records[0];
  if (!r) throw new Error(`${name}: no record`);
  return r;
};

describe('CloudFront origin-request → Request', () => {
  it('GET: URL from the host header, path and raw query string', () => {
    const request = toRequest(record('get'));
    expect(request.method).toBe('GET');
    expect(request.url).toBe('https://www.example.org/v1/conversations?limit=10&cursor=abc%3D%3D');
    expect(new URL(request.url).searchParams.get('cursor')).toBe('abc==');
    expect(request.headers.get('authorization')).toBe('Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl');
    expect(request.body).toBeNull();
  });

  it('POST: decodes the base64 body byte for byte (UTF-8 included)', async () => {
    const request = toRequest(record('post-base64-body'));
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('idempotency-key')).toBe('3f0c8a3e-0f4e-4c55-9d8b-1f6c2b9d7a10');
    expect(await request.json()).toEqual({ title: 'Café ☕ trip', participantIds: ['01J0USERB00000000000000000'] });
  });

  it("drops CloudFront's Content-Length: the decoded body is what the app reads", () => {
    expect(record('post-base64-body').cf.request.headers['content-length']).toBeDefined();
    expect(toRequest(record('post-base64-body')).headers.get('content-length')).toBeNull();
  });

  it('keeps every value of a multi-value header', () => {
    const request = toRequest(record('multi-value-headers'));
    expect(request.headers.get('accept')).toBe('application/problem+json, application/json');
    expect(request.headers.get('x-trace')).toBe('a, b');
    expect(request.headers.get('cookie')).toBe('theme=dark; lang=fr');
    expect(new URL(request.url).searchParams.get('handle')).toBe('Ada_Lovelace');
  });

  it('falls back to the distribution domain without a Host header', () => {
    const r = structuredClone(record('get'));
    delete r.cf.request.headers.host;
    expect(new URL(toRequest(r).url).host).toBe('d111111abcdef8.cloudfront.net');
  });
});

describe('Response → CloudFront generated response', () => {
  it('lower-case keyed, multi-value headers; JSON as text', async () => {
    const headers = new Headers({ 'content-type': 'application/json', etag: '"v3"', 'x-request-id': 'r1' });
    headers.append('set-cookie', 'a=1; Path=/');
    headers.append('set-cookie', 'b=2; Path=/');
    headers.append('vary', 'Accept');
    headers.append('vary', 'Authorization');
    const result = await toResult(new Response('{"ok":true}', { status: 201, headers }), 'POST');
    expect(result.status).toBe('201');
    expect(result.body).toBe('{"ok":true}');
    expect(result.bodyEncoding).toBe('text');
    expect(result.headers?.['set-cookie']).toEqual([
      { key: 'set-cookie', value: 'a=1; Path=/' },
      { key: 'set-cookie', value: 'b=2; Path=/' },
    ]);
    expect(result.headers?.vary).toEqual([{ key: 'vary', value: 'Accept, Authorization' }]);
    expect(result.headers?.etag).toEqual([{ key: 'etag', value: '"v3"' }]);
  });

  it('drops every header CloudFront refuses in a generated response', async () => {
    const forbidden = {
      'content-length': '11',
      'transfer-encoding': 'chunked',
      connection: 'keep-alive',
      'keep-alive': 'timeout=5',
      via: '1.1 proxy',
      upgrade: 'h2c',
      'x-cache': 'Miss',
      'x-amz-cf-pop': 'FRA56',
      'x-edge-location': 'FRA',
      'x-amzn-requestid': 'x',
      'x-real-ip': '1.2.3.4',
      'x-forwarded-proto': 'https',
    };
    const response = new Response('{"ok":true}', { headers: { 'content-type': 'application/json', ...forbidden } });
    expect([...response.headers.keys()]).toHaveLength(Object.keys(forbidden).length + 1);
    const result = await toResult(response, 'GET');
    expect(Object.keys(result.headers ?? {})).toEqual(['content-type']);
    for (const name of Object.keys(forbidden)) expect(isForbiddenEdgeHeader(name)).toBe(true);
    expect(isForbiddenEdgeHeader('ETag')).toBe(false);
  });

  it('base64 for binary or content-encoded bodies', async () => {
    const bytes = new Uint8Array([0, 255, 1, 254]);
    const binary = await toResult(
      new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
      'GET',
    );
    expect(binary).toMatchObject({ bodyEncoding: 'base64', body: 'AP8B/g==' });
    const gzipped = await toResult(
      new Response(bytes, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
      'GET',
    );
    expect(gzipped).toMatchObject({ bodyEncoding: 'base64', body: 'AP8B/g==' });
  });

  it('no body for 204 and HEAD', async () => {
    expect(await toResult(new Response(null, { status: 204 }), 'DELETE')).toEqual({ status: '204', headers: {} });
    const head = await toResult(new Response('{"a":1}', { headers: { 'content-type': 'application/json' } }), 'HEAD');
    expect(head.body).toBeUndefined();
  });

  it('refuses a response above the 1 MB generated-response limit, headers counted', async () => {
    const fits = 'x'.repeat(MAX_GENERATED_RESPONSE_BYTES - 100);
    await expect(
      toResult(new Response(fits, { headers: { 'content-type': 'text/plain' } }), 'GET'),
    ).resolves.toMatchObject({
      status: '200',
    });
    const tooBig = 'é'.repeat(MAX_GENERATED_RESPONSE_BYTES / 2); // 2 bytes each in UTF-8
    await expect(
      toResult(new Response(tooBig, { headers: { 'content-type': 'text/plain' } }), 'GET'),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    const headerHeavy = new Response(fits, { headers: { 'content-type': 'text/plain', 'x-big': 'y'.repeat(200) } });
    await expect(toResult(headerHeavy, 'GET')).rejects.toBeInstanceOf(ResponseTooLargeError);
  });
});

describe('limits of the event received', () => {
  it('origin-request: 1 MB; viewer-request: 40 KB (headers + body), both 10^n bytes', () => {
    expect(limitsForEvent('origin-request').generatedResponseBytes).toBe(1_000_000);
    expect(limitsForEvent('viewer-request').generatedResponseBytes).toBe(40_000);
  });

  it('refuses response events: a generated API answer cannot be given there', () => {
    for (const type of ['origin-response', 'viewer-response', undefined]) {
      expect(() => limitsForEvent(type)).toThrow(/origin-request and viewer-request/);
    }
  });

  it('refuses a viewer-request response above 40 KB that would pass on origin-request', async () => {
    const body = 'x'.repeat(VIEWER.generatedResponseBytes);
    const response = () => new Response(body, { headers: { 'content-type': 'text/plain' } });
    await expect(toResult(response(), 'GET', ORIGIN)).resolves.toMatchObject({ status: '200' });
    const error = await toResult(response(), 'GET', VIEWER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error).toMatchObject({ limit: 40_000 });
    const fits = 'x'.repeat(VIEWER.generatedResponseBytes - 200);
    await expect(
      toResult(new Response(fits, { headers: { 'content-type': 'text/plain' } }), 'GET', VIEWER),
    ).resolves.toMatchObject({ status: '200' });
  });

  it('drops the read-only headers of the event received: Host on viewer-request, Range-family on origin-request', async () => {
    const headers = { 'content-type': 'application/json', host: 'h', 'if-none-match': '"1"', etag: '"2"' };
    const onViewer = await toResult(new Response('{}', { headers }), 'GET', VIEWER);
    expect(Object.keys(onViewer.headers ?? {}).sort()).toEqual(['content-type', 'etag', 'if-none-match']);
    const onOrigin = await toResult(new Response('{}', { headers }), 'GET', ORIGIN);
    expect(Object.keys(onOrigin.headers ?? {}).sort()).toEqual(['content-type', 'etag', 'host']);
    for (const name of ['content-length', 'host', 'transfer-encoding', 'via']) {
      expect(isForbiddenEdgeHeader(name, VIEWER), name).toBe(true);
    }
  });
});
