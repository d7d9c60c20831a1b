/**
 * What CloudFront allows a Lambda@Edge function per event type, for the two request events Parley
 * answers. Sources: "Quotas on Lambda@Edge" (size of a Lambda-generated response, headers plus body:
 * 1 MB on origin events, 40 KB on viewer events; "include body" truncates the request body at the
 * same sizes; function timeout 30 s / 5 s),
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 * and "Restrictions on all edge functions" → HTTP headers → read-only headers per event type,
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
 * Sizes are kept at the stricter, decimal reading (10^6 and 40 × 10^3 bytes).
 */
export type EdgeRequestEvent = 'origin-request' | 'viewer-request';

export interface EdgeEventLimits {
  eventType: EdgeRequestEvent;
  /** Largest generated response, headers + body, in bytes. */
  generatedResponseBytes: number;
  /** `generatedResponseBytes` as the quotas page says it; "include body" cuts request bodies there too. */
  sizeLabel: string;
  /** Headers a generated response must not set on this event (lower-case). */
  readOnlyHeaders: ReadonlySet<string>;
}

export const EDGE_EVENT_LIMITS: Record<EdgeRequestEvent, EdgeEventLimits> = {
  'origin-request': {
    eventType: 'origin-request',
    generatedResponseBytes: 1_000_000,
    sizeLabel: '1 MB',
    readOnlyHeaders: new Set([
      'accept-encoding',
      'content-length',
      'if-modified-since',
      'if-none-match',
      'if-range',
      'if-unmodified-since',
      'range',
      'transfer-encoding',
      'via',
    ]),
  },
  'viewer-request': {
    eventType: 'viewer-request',
    generatedResponseBytes: 40_000,
    sizeLabel: '40 KB',
    readOnlyHeaders: new Set(['content-length', 'host', 'transfer-encoding', 'via']),
  },
};

/**
 * The limits of the event the function received. Response events (origin-response, viewer-response)
 * cannot carry a generated answer to an API request: associating the function with one is a
 * deployment mistake, refused loudly rather than half-served.
 */
export function limitsForEvent(eventType: string | undefined): EdgeEventLimits {
  if (eventType === 'origin-request' || eventType === 'viewer-request') return EDGE_EVENT_LIMITS[eventType];
  throw new TypeError(
    `Parley's edge function answers origin-request and viewer-request events, not ${eventType ?? 'an event without a type'}: associate it with one of those (docs/edge.md)`,
  );
}
