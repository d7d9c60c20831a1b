import { Buffer } from 'node:buffer';
import type { CloudFrontHeaders, CloudFrontResultResponse } from './cloudfront-event.js';
import { isForbiddenEdgeHeader } from './edge-headers.js';
import { EDGE_EVENT_LIMITS, type EdgeEventLimits } from './event-limits.js';

const textual = /^(text\/|application\/(?:[\w.+-]+\+)?(?:json|xml|javascript)\b)/i;

export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`generated response of ${bytes} bytes exceeds ${limit}`);
  }
}

/**
 * Convert a Fetch `Response` into a CloudFront generated response for the event `limits` describe:
 * headers in CloudFront's `{ lowercase: [{ key, value }] }` shape with the disallowed ones and that
 * event's read-only ones dropped (CloudFront would answer 502 otherwise), a text body for textual
 * types and base64 for the rest. Throws `ResponseTooLargeError` above the event's
 * `generatedResponseBytes` (1 MB on origin-request, 40 KB on viewer-request).
 */
export async function toResult(
  response: Response,
  method: string,
  limits: EdgeEventLimits = EDGE_EVENT_LIMITS['origin-request'],
): Promise<CloudFrontResultResponse> {
  const headers: CloudFrontHeaders = {};
  let headerBytes = 0;
  const add = (name: string, value: string) => {
    if (isForbiddenEdgeHeader(name, limits)) return;
    (headers[name] ??= []).push({ key: name, value });
    headerBytes += name.length + value.length + 4;
  };
  // `Headers` joins repeated values with ", " except Set-Cookie, which must stay one value per entry.
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') add(name, value);
  });
  for (const cookie of response.headers.getSetCookie()) add('set-cookie', cookie);

  const bytes = method === 'HEAD' ? new Uint8Array() : new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength + headerBytes > limits.generatedResponseBytes) {
    throw new ResponseTooLargeError(bytes.byteLength + headerBytes, limits.generatedResponseBytes);
  }
  const result: CloudFrontResultResponse = { status: String(response.status), headers };
  if (bytes.byteLength === 0) return result;
  const encoding = response.headers.get('content-encoding');
  const isText =
    textual.test(response.headers.get('content-type') ?? '') && (!encoding || /^identity$/i.test(encoding));
  return isText
    ? { ...result, body: Buffer.from(bytes).toString('utf8'), bodyEncoding: 'text' }
    : { ...result, body: Buffer.from(bytes).toString('base64'), bodyEncoding: 'base64' };
}
