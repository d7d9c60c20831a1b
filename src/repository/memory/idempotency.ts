import type { ClaimResult, IdempotencyClaim } from '../port.js';
import { idempotencyRecordHolds, inProgressRecord } from '../preconditions.js';
import { copy, type MemoryState, recordCompletion } from './state.js';

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

/** Only an in-progress claim is dropped: a completed outcome stays replayable. */
export function releaseIdempotencyKey(state: MemoryState, key: string): void {
  if (state.idempotency.get(key)?.state === 'in_progress') state.idempotency.delete(key);
}

/** Forget records that expired, so a long-running dev server does not grow without bound. */
function sweepExpired(state: MemoryState, now: number): void {
  for (const [key, record] of state.idempotency) {
    if (record.expiresAt < now) state.idempotency.delete(key);
  }
}

export const completeIdempotencyKey = recordCompletion;
