import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventShape, toRequest, toResult, withBasePath } from '../../../adapters/lambda/events/index.js';
import type { ApiGatewayV2Event, EventShape, HttpEvent, HttpResult } from '../../../adapters/lambda/events/index.js';
import { createLambdaHandler } from '../../../adapters/lambda/create-handler.js';
import { expectedRequests } from './expected-requests.js';

const FIXTURES = new URL('../../fixtures/events/', import.meta.url);
const DIRS: Array<[string, EventShape]> = [
  ['apigw-v1', 'apigw-v1'],
  ['apigw-v2', 'apigw-v2'],
  ['function-url', 'function-url'],
  ['alb', 'alb'],
];

function fixture(name: string): HttpEvent {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as HttpEvent;
}
function fixtureNames(dir: string): string[] {
  return readdirSync(new URL(`${dir}/`, FIXTURES))
    .filter((file) => file.endsWith('.json'))
    .map((file) => `${dir}/${file.slice(0, -'.json'.length)}`)
    .sort();
}

describe('fixture inventory', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    const onDisk = DIRS.flatMap(([dir]) => fixtureNames(dir)).sort();
    expect(onDisk).toEqual(Object.keys(expectedRequests).sort());
  });
});

describe.each(DIRS)('%s events → Request', (dir, shape) => {
  it.each(fixtureNames(dir))('%s', async (name) => {
    const event = fixture(name);
    const expected = expectedRequests[name];
    if (!expected) throw new Error(`no expectation for ${name}`);
    expect(eventShape(event)).toBe(shape);
    const { request, clientIp, basePath } = toRequest(shape, event);
    expect(request.method).toBe(expected.method);
    expect(request.url).toBe(expected.url);
    expect(clientIp).toBe(expected.clientIp);
    expect(basePath).toBe(expected.basePath ?? '');
    for (const [header, value] of Object.entries(expected.headers ?? {})) {
      expect(request.headers.get(header), header).toBe(value);
    }
    const bytes = Buffer.from(await request.arrayBuffer());
    if (expected.bodyBase64 !== undefined) expect(bytes.toString('base64')).toBe(expected.bodyBase64);
    else expect(bytes.toString('utf8')).toBe(expected.body ?? '');
  });
});

describe('the client base path on HTTP APIs', () => {
  it('is the stripped stage on the execute-api host only, never on a custom domain', () => {
    const event = fixture('apigw-v2/named-stage') as ApiGatewayV2Event;
    expect(toRequest('apigw-v2', event).basePath).toBe('/staging');
    const custom = { ...event, requestContext: { ...event.requestContext, domainName: 'api.example.com' } };
    expect(toRequest('apigw-v2', custom).basePath).toBe('');
    expect(new URL(toRequest('apigw-v2', custom).request.url).pathname).toBe('/v1/users/me');
  });
});

describe('withBasePath', () => {
  const created = (location?: string) =>
    new Response('{}', {
      status: 201,
      headers: { 'content-type': 'application/json', ...(location ? { location } : {}) },
    });

  it('puts the base path in front of a root-relative Location, keeping status, headers and body', async () => {
    const response = withBasePath(created('/v1/conversations/01J0A'), '/prod');
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/prod/v1/conversations/01J0A');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('{}');
  });

  it('leaves absolute and protocol-relative Locations, responses without one, and an empty base path alone', () => {
    for (const location of ['https://example.com/v1/x', '//example.com/v1/x']) {
      expect(withBasePath(created(location), '/prod').headers.get('location')).toBe(location);
    }
    const plain = created();
    expect(withBasePath(plain, '/prod')).toBe(plain);
    expect(withBasePath(created('/v1/x'), '').headers.get('location')).toBe('/v1/x');
  });
});

describe('eventShape', () => {
  it('ignores events that are not HTTP requests', () => {
    expect(eventShape({ Records: [{ eventSource: 'aws:sqs' }] })).toBeUndefined();
    expect(eventShape(null)).toBeUndefined();
  });
});

/** One front door per row: the fixture it answers and where its result keeps headers and cookies. */
interface Door {
  name: string;
  fixture: string;
  /** Set-Cookie values the client receives when the app sets `a=1` then `b=2`. */
  expectedCookies: string[];
}
const DOORS: Door[] = [
  { name: 'apigw-v1', fixture: 'apigw-v1/documented-example', expectedCookies: ['a=1', 'b=2'] },
  { name: 'apigw-v2', fixture: 'apigw-v2/documented-example', expectedCookies: ['a=1', 'b=2'] },
  { name: 'function-url', fixture: 'function-url/documented-example', expectedCookies: ['a=1', 'b=2'] },
  { name: 'alb (multi-value on)', fixture: 'alb/multi-value-documented-example', expectedCookies: ['a=1', 'b=2'] },
  // Multi-value headers off: one value per header reaches the client, the last cookie is kept.
  { name: 'alb (multi-value off)', fixture: 'alb/documented-example', expectedCookies: ['b=2'] },
];

function header(result: HttpResult, name: string): string | undefined {
  const multi = 'multiValueHeaders' in result ? result.multiValueHeaders?.[name] : undefined;
  if (multi && name !== 'set-cookie') return multi.join(', ');
  return result.headers?.[name];
}
function cookies(result: HttpResult): string[] {
  if ('cookies' in result && result.cookies) return result.cookies;
  const multi = 'multiValueHeaders' in result ? result.multiValueHeaders?.['set-cookie'] : undefined;
  if (multi) return multi;
  const single = result.headers?.['set-cookie'];
  return single === undefined ? [] : [single];
}
async function convert(door: Door, response: Response, method = 'GET'): Promise<HttpResult> {
  const event = fixture(door.fixture);
  const shape = eventShape(event);
  if (!shape) throw new Error(`${door.fixture} is not an HTTP event`);
  return toResult(shape, event, response, method);
}

describe.each(DOORS)('Response → $name result', (door) => {
  it('keeps every Set-Cookie the front door can carry, each on its own', async () => {
    const headers = new Headers({ 'content-type': 'application/json' });
    headers.append('set-cookie', 'a=1');
    headers.append('set-cookie', 'b=2');
    const result = await convert(door, new Response('{}', { status: 201, headers }));
    expect(result.statusCode).toBe(201);
    expect(cookies(result)).toEqual(door.expectedCookies);
    expect(header(result, 'content-type')).toBe('application/json');
  });

  it('sends JSON and problem+json as text', async () => {
    const body = JSON.stringify({ title: 'Not Found', detail: 'ünïcode' });
    const result = await convert(
      door,
      new Response(body, { status: 404, headers: { 'content-type': 'application/problem+json' } }),
    );
    expect(result).toMatchObject({ statusCode: 404, body, isBase64Encoded: false });
  });

  it('sends binary and compressed bodies as base64', async () => {
    const bytes = new Uint8Array([0, 255, 16, 128, 127]);
    const png = await convert(door, new Response(bytes, { headers: { 'content-type': 'image/png' } }));
    expect(png.isBase64Encoded).toBe(true);
    expect(Buffer.from(png.body, 'base64')).toEqual(Buffer.from(bytes));
    const gzip = await convert(
      door,
      new Response(bytes, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }),
    );
    expect(gzip.isBase64Encoded).toBe(true);
  });

  it('turns UTF-8 header bytes back into Unicode', async () => {
    const latin1Bytes = Buffer.from('Zoë 日本', 'utf8').toString('latin1');
    const result = await convert(door, new Response(null, { status: 204, headers: { 'x-name': latin1Bytes } }));
    expect(header(result, 'x-name')).toBe('Zoë 日本');
    expect(result.body).toBe('');
  });

  it('sends no body for HEAD', async () => {
    const result = await convert(
      door,
      new Response('{"a":1}', { headers: { 'content-type': 'application/json' } }),
      'HEAD',
    );
    expect(result.body).toBe('');
  });
});

describe('ALB result', () => {
  it('carries a status description and uses the header field the target group expects', async () => {
    const single = await convert(DOORS[4]!, new Response('{}', { status: 201 }));
    expect(single).toMatchObject({ statusDescription: '201 Created' });
    expect('multiValueHeaders' in single).toBe(false);
    const multi = await convert(DOORS[3]!, new Response('{}', { status: 412 }));
    expect(multi).toMatchObject({ statusDescription: '412 Precondition Failed' });
    expect('headers' in multi).toBe(false);
  });
});

describe('an event no Request can be made of', () => {
  it('is a 400 problem with the Lambda request id, before any configuration is read', async () => {
    const handler = createLambdaHandler({
      transports: {},
      env: () => {
        throw new Error('configuration must not be read for an unreadable event');
      },
    });
    // A REST resource template whose path parameter the event lacks.
    const event = { ...fixture('apigw-v1/proxy-named-stage'), resource: '/v1/users/{userId}', pathParameters: null };
    const result = (await handler(event, { awsRequestId: 'aws-request-1' })) as HttpResult;
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['x-request-id']).toBe('aws-request-1');
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(JSON.parse(result.body ?? '{}')).toMatchObject({
      status: 400,
      type: 'https://parley.dev/problems/validation-failed',
    });
  });
});
