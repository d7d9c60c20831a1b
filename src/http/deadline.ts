import type { RequestDeadline } from '../repository/port.js';
import { IDEMPOTENCY_LOCK_SECONDS } from './idempotency.js';

/**
 * How long after it arrived a request's store calls may still start: half the idempotency lease
 * (30 s of 60). The other half is the margin that keeps a request inside its lease: the last call in
 * flight ends within its transport's timeout (10 s, and it is cut at the deadline where the
 * transport takes a signal), the outcome is written, and instances whose clocks disagree by a few
 * seconds still agree that the lease holds. So only a request that is frozen (a GC pause, a stopped
 * process) outlives its lease, and that one is fenced off by its claim's token.
 */
export const REQUEST_BUDGET_MS = (IDEMPOTENCY_LOCK_SECONDS * 1000) / 2;

/**
 * Kept back from the time a platform grants an invocation (Lambda's `getRemainingTimeInMillis`): the
 * request gives up with a 503 of its own, releases its key and answers before the platform cuts it
 * off (which the client would see as a bare 502/504, with the key still claimed).
 */
export const PLATFORM_MARGIN_MS = 1000;

/**
 * What an adapter may hand the app in its bindings (`app.fetch(request, bindings)`), as plain data.
 * Read defensively: on other targets the bindings are the platform's own (a Worker's `env`, Node's
 * `incoming`/`outgoing`).
 */
export interface DeadlineBindings {
  /** How long the platform still lets this invocation run, ms, read when the request arrived. */
  timeRemainingMs?: number;
}

/**
 * The deadlines of a request that arrived at `startMs` (the app's clock `now`, epoch ms): `work`
 * bounds everything the request does (`REQUEST_BUDGET_MS`, or less when the platform grants less);
 * `outcome` bounds recording or releasing its idempotency key afterwards, which may run on until the
 * lease ends (it is fenced by the claim's token anyway) or the platform's time is up.
 */
export function requestDeadlines(
  startMs: number,
  now: () => number,
  bindings: unknown,
): { work: RequestDeadline; outcome: RequestDeadline } {
  const remaining = (bindings as DeadlineBindings | undefined)?.timeRemainingMs;
  const platform = typeof remaining === 'number' && Number.isFinite(remaining) ? remaining : Infinity;
  return {
    work: { at: startMs + Math.min(REQUEST_BUDGET_MS, platform - PLATFORM_MARGIN_MS), now },
    outcome: { at: startMs + Math.min(IDEMPOTENCY_LOCK_SECONDS * 1000, platform), now },
  };
}
