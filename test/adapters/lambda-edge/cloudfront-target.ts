import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResultResponse,
} from '../../../adapters/lambda-edge/cloudfront-event.js';
import { isForbiddenEdgeHeader } from '../../../adapters/lambda-edge/edge-headers.js';
import { MAX_GENERATED_RESPONSE_BYTES } from '../../../adapters/lambda-edge/to-result.js';

export type EdgeHandler = (event: CloudFrontRequestEvent, context?: unknown) => Promise<unknown>;

/** What CloudFront exposes of a body with include-body on, for origin-request: 1 MB, then cut. */
const BODY_LIMIT = 1024 * 1024;

/** A Fetch `Request` as CloudFront would hand it to an origin-request function. */
export async function toCloudFrontEvent(request: Request): Promise<CloudFrontRequestEvent> {
  const url = new URL(request.url);
  const headers: CloudFrontHeaders = {};
  request.headers.forEach((value, name) => {
    headers[name] = [{ key: name, value }];
  });
  headers.host = [{ key: 'Host', value: url.host }];
  headers.via = [{ key: 'Via', value: '2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)' }];
  headers['x-forwarded-for'] = [{ key: 'X-Forwarded-For', value: '203.0.113.10' }];
  const bytes = new Uint8Array(await request.arrayBuffer());
  const cfRequest: CloudFrontRequest = {
    clientIp: '203.0.113.10',
    method: request.method,
    uri: url.pathname,
    querystring: url.search.slice(1),
    headers,
  };
  if (bytes.byteLength > 0) {
    cfRequest.body = {
      inputTruncated: bytes.byteLength > BODY_LIMIT,
      action: 'read-only',
      encoding: 'base64',
      data: Buffer.from(bytes.subarray(0, BODY_LIMIT)).toString('base64'),
    };
  }
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: 'd111111abcdef8.cloudfront.net',
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType: 'origin-request',
            requestId: randomUUID().replaceAll('-', ''),
          },
          request: cfRequest,
        },
      },
    ],
  };
}

/**
 * The generated response as the viewer would get it, after checking what CloudFront validates:
 * a string status, no disallowed or read-only header, a known body encoding, the 1 MB limit.
 */
export function fromCloudFrontResult(result: CloudFrontResultResponse): Response {
  expect(result.status).toMatch(/^[1-5]\d\d$/);
  const headers = new Headers();
  let headerBytes = 0;
  for (const [name, values] of Object.entries(result.headers ?? {})) {
    expect(name).toBe(name.toLowerCase());
    expect(isForbiddenEdgeHeader(name), `generated response carries ${name}`).toBe(false);
    for (const { value } of values) {
      headers.append(name, value);
      headerBytes += name.length + value.length + 4;
    }
  }
  let body: Uint8Array | null = null;
  if (result.body !== undefined) {
    expect(['text', 'base64']).toContain(result.bodyEncoding);
    body = result.bodyEncoding === 'base64' ? Buffer.from(result.body, 'base64') : Buffer.from(result.body, 'utf8');
  }
  expect(headerBytes + (body?.byteLength ?? 0)).toBeLessThanOrEqual(MAX_GENERATED_RESPONSE_BYTES);
  const status = Number(result.status);
  return new Response(status === 204 || status === 304 ? null : (body as BodyInit | null), { status, headers });
}

/** Sends `request` through `handler` as CloudFront would; a pass-through means "the origin's job". */
export async function viaCloudFront(handler: EdgeHandler, request: Request): Promise<Response> {
  const event = await toCloudFrontEvent(request);
  const result = (await handler(event, {})) as CloudFrontResultResponse | CloudFrontRequest;
  if ('uri' in result) {
    return new Response(`passed through to the origin: ${result.uri}`, {
      status: 599,
      headers: { 'x-passed-through': 'true' },
    });
  }
  return fromCloudFrontResult(result);
}
