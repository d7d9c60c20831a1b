import { EDGE_EVENT_LIMITS, type EdgeEventLimits } from './event-limits.js';

/**
 * Headers a Lambda@Edge function must not put in a generated response: CloudFront rejects the
 * result with a 502 if it adds a "disallowed" header or changes a "read-only" one. The disallowed
 * list is from "Restrictions on all edge functions" → HTTP headers:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
 * The read-only lists differ per event type (`EdgeEventLimits.readOnlyHeaders`, `./event-limits.ts`).
 */
const disallowed = [
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
];
const disallowedPrefixes = ['x-amz-cf-', 'x-edge-'];
const disallowedSet = new Set(disallowed);

/** True when CloudFront would refuse a generated response on `limits`' event that carries header `name`. */
export function isForbiddenEdgeHeader(
  name: string,
  limits: EdgeEventLimits = EDGE_EVENT_LIMITS['origin-request'],
): boolean {
  const lower = name.toLowerCase();
  return (
    disallowedSet.has(lower) ||
    limits.readOnlyHeaders.has(lower) ||
    disallowedPrefixes.some((prefix) => lower.startsWith(prefix))
  );
}
