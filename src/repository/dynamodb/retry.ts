import { StoreUnavailableError } from '../errors.js';
import type { RequestDeadline } from '../port.js';
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
  /**
   * Waits before attempt `attempt + 1`: full jitter over a capped exponential. With a deadline, a
   * wait that would end past it is not started: `StoreUnavailableError` instead.
   */
  pause: (attempt: number) => Promise<void>;
  /** Before an attempt: `StoreUnavailableError` once the deadline has passed; else the ms left (Infinity without one). */
  remaining: (what: string) => number;
}

export function createBackoff(options: RetryOptions = {}, deadline?: RequestDeadline): Backoff {
  const base = options.baseDelayMs ?? 25;
  const cap = options.maxDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const remaining = (what: string) => {
    if (!deadline) return Number.POSITIVE_INFINITY;
    const left = deadline.at - deadline.now();
    if (left <= 0) throw pastDeadline(what);
    return left;
  };
  return {
    maxAttempts: options.maxAttempts ?? 5,
    remaining,
    pause: async (attempt) => {
      const ms = Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      if (ms >= remaining('backoff')) throw pastDeadline('backoff');
      await sleep(ms);
    },
  };
}

/** The request's deadline came before `what` could be done: a 503, and the client's retry may run at once. */
export function pastDeadline(what: string, cause?: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`DynamoDB ${what}: the request's deadline passed`, 1, { cause });
}

/** Did the request maybe reach the table even though no success came back? */
const ambiguous = (error: DynamoTransportError) => error.code === 'NetworkError' || (error.details.status ?? 0) >= 500;

/**
 * Wraps a transport with capped exponential backoff and full jitter
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/). Transactions are safe
 * to resend thanks to their `ClientRequestToken`; a conditional `PutItem` resent after an ambiguous
 * failure that finds exactly its own item stored (returned by `ALL_OLD`) counts as the success it was.
 */
export function withRetries(
  transport: DynamoTransport,
  options: RetryOptions = {},
  deadline?: RequestDeadline,
): DynamoTransport {
  const { maxAttempts, pause, remaining } = createBackoff(options, deadline);
  return async (operation, input) => {
    let landedMaybe = false;
    for (let attempt = 1; ; attempt++) {
      // No attempt starts past the deadline, and one in flight is cut there (where the transport
      // takes a signal): the request answers 503 in time instead of outliving its lease.
      const left = remaining(operation);
      const signal = Number.isFinite(left) ? AbortSignal.timeout(left) : undefined;
      try {
        return await transport(operation, input, signal ? { signal } : undefined);
      } catch (error) {
        if (signal?.aborted) throw pastDeadline(operation, error);
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
