import { DynamoTransportError, type AttributeMap, type DynamoTransport } from './protocol.js';

export interface RetryOptions {
  /** Attempts per operation, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff base in ms: attempt n waits up to `base * 2^(n-1)`. Default 25. */
  baseDelayMs?: number;
  /** Backoff cap in ms. Default 1000. */
  maxDelayMs?: number;
  /** Injectable for tests. Default: a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests; returns [0, 1). Default `Math.random`. */
  random?: () => number;
}

/** Error names DynamoDB documents as "retry with backoff" (throttling, transient server faults). */
const RETRYABLE_CODES = new Set([
  'NetworkError',
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TransactionConflictException',
]);
const RETRYABLE_REASONS = new Set(['None', 'ThrottlingError', 'TransactionConflict', 'ProvisionedThroughputExceeded']);

/** Throttling, 5xx, a lost connection, or a transaction cancelled only by conflicts or throttling. */
export function isRetryable(error: DynamoTransportError): boolean {
  if (RETRYABLE_CODES.has(error.code) || (error.details.status ?? 0) >= 500) return true;
  const reasons = error.details.cancellationReasons;
  return (
    error.code === 'TransactionCanceledException' &&
    reasons !== undefined &&
    reasons.every((r) => RETRYABLE_REASONS.has(r.Code ?? 'None')) &&
    reasons.some((r) => r.Code !== 'None' && r.Code !== undefined)
  );
}

export interface Backoff {
  maxAttempts: number;
  /** Waits before attempt `attempt + 1`: full jitter over a capped exponential. */
  pause: (attempt: number) => Promise<void>;
}

export function createBackoff(options: RetryOptions = {}): Backoff {
  const base = options.baseDelayMs ?? 25;
  const cap = options.maxDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  return {
    maxAttempts: options.maxAttempts ?? 5,
    pause: (attempt) => sleep(Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1)))),
  };
}

/** Did the request maybe reach the table even though no success came back? */
const ambiguous = (error: DynamoTransportError) => error.code === 'NetworkError' || (error.details.status ?? 0) >= 500;

/**
 * Wraps a transport with capped exponential backoff and full jitter
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). Transactions are safe
 * to resend thanks to their `ClientRequestToken`; a conditional `PutItem` resent after an ambiguous
 * failure that finds exactly its own item stored (returned by `ALL_OLD`) counts as the success it was.
 */
export function withRetries(transport: DynamoTransport, options: RetryOptions = {}): DynamoTransport {
  const { maxAttempts, pause } = createBackoff(options);
  return async (operation, input) => {
    let landedMaybe = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await transport(operation, input);
      } catch (error) {
        if (!(error instanceof DynamoTransportError)) throw error;
        if (landedMaybe && operation === 'PutItem' && isOwnItem(error, (input as { Item: AttributeMap }).Item)) {
          return {};
        }
        if (!isRetryable(error) || attempt >= maxAttempts) throw error;
        landedMaybe ||= ambiguous(error);
        await pause(attempt);
      }
    }
  };
}

function isOwnItem(error: DynamoTransportError, written: AttributeMap): boolean {
  const stored = error.details.item;
  return error.code === 'ConditionalCheckFailedException' && stored !== undefined && sameValue(stored, written);
}

/** Deep equality of attribute values, ignoring key order (maps come back in any order). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
