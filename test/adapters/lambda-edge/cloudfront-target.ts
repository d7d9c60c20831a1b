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
import { EDGE_EVENT_LIMITS, type EdgeRequestEvent } from '../../../adapters/lambda-edge/event-limits.js';

export type EdgeHandler = (event: CloudFrontRequestEvent, context?: unknown) => Promise<unknown>;

/**
 * A Fetch `Request` as CloudFront would hand it to a function on `eventType`: with include-body on,
 * the body base64-encoded and cut at that event's size (1 MB origin, 40 KB viewer).
 */
export async function toCloudFrontEvent(
  request: Request,
  eventType: EdgeRequestEvent = 'origin-request',
): Promise<CloudFrontRequestEvent> {
  const bodyLimit = EDGE_EVENT_LIMITS[eventType].generatedResponseBytes;
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
      inputTruncated: bytes.byteLength > bodyLimit,
      action: 'read-only',
      encoding: 'base64',
      data: Buffer.from(bytes.subarray(0, bodyLimit)).toString('base64'),
    };
  }
  return {
    Records: [
      {
        cf: {
          config: {
            distributionDomainName: 'd111111abcdef8.cloudfront.net',
            distributionId: 'EDFDVBD6EXAMPLE',
            eventType,
            requestId: randomUUID().replaceAll('-', ''),
          },
          request: cfRequest,
        },
      },
    ],
  };
}

/**
 * The generated response as the viewer would get it, after checking what CloudFront validates on
 * `eventType`: a string status, no disallowed or read-only header, a known body encoding, the size limit.
 */
export function fromCloudFrontResult(
  result: CloudFrontResultResponse,
  eventType: EdgeRequestEvent = 'origin-request',
): Response {
  const limits = EDGE_EVENT_LIMITS[eventType];
  expect(result.status).toMatch(/^[1-5]\d\d$/);
  const headers = new Headers();
  let headerBytes = 0;
  for (const [name, values] of Object.entries(result.headers ?? {})) {
    expect(name).toBe(name.toLowerCase());
    expect(isForbiddenEdgeHeader(name, limits), `generated response carries ${name}`).toBe(false);
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
  expect(headerBytes + (body?.byteLength ?? 0)).toBeLessThanOrEqual(limits.generatedResponseBytes);
  const status = Number(result.status);
  return new Response(status === 204 || status === 304 ? null : (body as BodyInit | null), { status, headers });
}

/** Sends `request` through `handler` as CloudFront would; a pass-through means "the origin's job". */
export async function viaCloudFront(
  handler: EdgeHandler,
  request: Request,
  eventType: EdgeRequestEvent = 'origin-request',
): Promise<Response> {
  const event = await toCloudFrontEvent(request, eventType);
  const result = (await handler(event, {})) as CloudFrontResultResponse | CloudFrontRequest;
  if ('uri' in result) {
    return new Response(`passed through to the origin: ${result.uri}`, {
      status: 599,
      headers: { 'x-passed-through': 'true' },
    });
  }
  return fromCloudFrontResult(result, eventType);
}
