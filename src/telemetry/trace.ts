/**
 * The trace id a request carries, so every line it logs can be joined with its caller's and the
 * platform's traces:
 * - W3C Trace Context `traceparent: 00-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>`
 *   (https://www.w3.org/TR/trace-context/#traceparent-header): the trace-id, if it is not all zeros
 *   and the version is not `ff`;
 * - AWS X-Ray `X-Amzn-Trace-Id: Root=1-<8 hex>-<24 hex>;Parent=…;Sampled=…` (ALB adds `Self=…;` in
 *   front; https://docs.aws.amazon.com/xray/latest/devguide/xray-concepts.html#xray-concepts-tracingheader):
 *   the `Root`, as X-Ray shows it.
 * Anything else is ignored (never logged as is: it is client input).
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}(-.*)?$/;
const XRAY_ROOT = /(?:^|;)\s*Root=(1-[0-9a-f]{8}-[0-9a-f]{24})\s*(?:;|$)/;
const ZERO_TRACE = '0'.repeat(32);

/** The incoming trace id (`traceparent` first, then `X-Amzn-Trace-Id`), or `undefined`. */
export function incomingTraceId(headers: Headers): string | undefined {
  const parent = headers.get('traceparent');
  if (parent !== null) {
    const match = TRACEPARENT.exec(parent.trim());
    // Version ff is invalid; a version-00 header has nothing after the flags.
    if (match && match[1] !== 'ff' && match[2] !== ZERO_TRACE && !(match[1] === '00' && match[3])) return match[2];
  }
  const amzn = headers.get('x-amzn-trace-id');
  if (amzn !== null) return XRAY_ROOT.exec(amzn)?.[1];
  return undefined;
}

/** A new W3C trace id (32 lowercase hex digits) for a request that came without one. */
export function newTraceId(uuid: string = crypto.randomUUID()): string {
  return uuid.replaceAll('-', '');
}
