import type { ClaimResult, IdempotencyClaim, IdempotencyCompletion } from '../port.js';
import { holdsClaim, idempotencyRecordHolds, inProgressRecord } from '../preconditions.js';
import { checkClaim, copy, type MemoryState, recordCompletion } from './state.js';

export function claimIdempotencyKey(state: MemoryState, claim: IdempotencyClaim): ClaimResult {
  if (claim.now - state.lastSweep >= state.sweepIntervalSeconds) {
    sweepExpired(state, claim.now);
    state.lastSweep = claim.now;
  }
  const existing = state.idempotency.get(claim.key);
  if (existing && idempotencyRecordHolds(existing, claim.now)) {
    return { claimed: false, existing: copy(existing) };
  }
  state.idempotency.set(claim.key, inProgressRecord(claim));
  return { claimed: true };
}

/** Only this token's in-progress claim is dropped: a completed outcome or a newer claim stays. */
export function releaseIdempotencyKey(state: MemoryState, key: string, token: string): void {
  if (holdsClaim(state.idempotency.get(key), token)) state.idempotency.delete(key);
}

/** Fenced by the claim's token; the same completion again (a resend) finds it done and changes nothing. */
export function completeIdempotencyKey(state: MemoryState, completion: IdempotencyCompletion): void {
  const stored = state.idempotency.get(completion.key);
  if (stored?.state === 'completed' && stored.token === completion.token) return;
  checkClaim(state, completion);
  recordCompletion(state, completion);
}

/** Forget records that expired, so a long-running dev server does not grow without bound. */
function sweepExpired(state: MemoryState, now: number): void {
  for (const [key, record] of state.idempotency) {
    if (record.expiresAt < now) state.idempotency.delete(key);
  }
}
