/**
 * Headers a Lambda@Edge function must not put in a generated response: CloudFront rejects the
 * result with a 502 if it adds a "disallowed" header or changes a "read-only" one. Lists from
 * "Restrictions on all edge functions" → HTTP headers:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
 * (the read-only list is the one for origin-request events, where Parley's function runs).
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
const readOnlyOnOriginRequest = [
  'accept-encoding',
  'content-length',
  'if-modified-since',
  'if-none-match',
  'if-range',
  'if-unmodified-since',
  'range',
  'transfer-encoding',
  'via',
];

const blocked = new Set([...disallowed, ...readOnlyOnOriginRequest]);

/** True when CloudFront would refuse a generated response that carries header `name`. */
export function isForbiddenEdgeHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return blocked.has(lower) || disallowedPrefixes.some((prefix) => lower.startsWith(prefix));
}
