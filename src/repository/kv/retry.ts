import { StoreRequestError, StoreUnavailableError } from '../errors.js';
import type { RequestDeadline } from '../port.js';

export interface KvRetryPolicy {
  /** Attempts in all, the first included. Default 5. */
  attempts: number;
  /** Delay before the first retry, doubled on each next one, in ms. Default 250. */
  baseDelayMs: number;
  /** Ceiling of one delay, in ms. Default 2000. */
  maxDelayMs: number;
}

export const defaultKvRetryPolicy: KvRetryPolicy = { attempts: 5, baseDelayMs: 250, maxDelayMs: 2000 };

/**
 * KV reports failures as plain `Error`s whose message carries the HTTP status, e.g.
 * `KV PUT failed: 429 Too Many Requests` when one key is written more than once a second
 * (https://developers.cloudflare.com/kv/api/write-key-value-pairs/#limits-to-kv-writes-to-the-same-key).
 */
function statusOf(error: unknown): number | null {
  const message = error instanceof Error ? error.message : String(error);
  if (/too many requests/i.test(message)) return 429;
  const match = /\b([45]\d\d)\b/.exec(message);
  return match ? Number(match[1]) : null;
}

const isTransient = (status: number | null) => status === 429 || (status !== null && status >= 500);

/**
 * Runs one KV operation, retrying throttling (429) and server errors with capped exponential backoff
 * and jitter. Half of each delay is fixed so a retry never lands inside the same one-second write
 * window; the random half spreads out writers that collided. Gives up with `StoreUnavailableError`;
 * a 4xx other than 429 (key too long, value too large) is a backend bug: `StoreRequestError`. With a
 * `deadline`, no attempt starts past it and no delay is waited that would end past it (also a
 * `StoreUnavailableError`, so the request answers 503 in time).
 */
export async function withKvRetry<T>(
  what: string,
  policy: KvRetryPolicy,
  operation: () => Promise<T>,
  deadline?: RequestDeadline,
): Promise<T> {
  const left = () => (deadline ? deadline.at - deadline.now() : Number.POSITIVE_INFINITY);
  const late = () => new StoreUnavailableError(`KV ${what}: the request's deadline passed`, 1);
  for (let attempt = 1; ; attempt++) {
    if (left() <= 0) throw late();
    try {
      return await operation();
    } catch (error) {
      const status = statusOf(error);
      if (status !== null && status < 500 && status !== 429) {
        throw new StoreRequestError(`KV rejected ${what} (${status})`, { cause: error });
      }
      if (!isTransient(status) || attempt >= policy.attempts) {
        throw new StoreUnavailableError(`KV ${what} failed after ${attempt} attempt(s)`, 1, { cause: error });
      }
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      if (delay >= left()) throw late();
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
