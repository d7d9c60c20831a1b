import { ConflictError, NotFoundError, VersionMismatchError } from './errors.js';
import type { ExpectedVersion, IdempotencyClaim, IdempotencyRecord } from './port.js';

/**
 * The precondition rules of the repository port, in one place so every backend (and every
 * read-then-write fallback) fails the same way:
 * - `'absent'` and a record exists → `ConflictError('exists')`;
 * - a version and no record exists → `NotFoundError`;
 * - a version that differs from the stored one → `VersionMismatchError`.
 */
export function checkExpected(
  what: string,
  stored: { version: number } | null | undefined,
  expected: ExpectedVersion,
): void {
  if (expected === 'any') return;
  if (expected === 'absent') {
    if (stored) throw new ConflictError(`${what} already exists`, 'exists');
    return;
  }
  if (!stored) throw new NotFoundError(`${what} not found`);
  if (stored.version !== expected) {
    throw new VersionMismatchError(`${what} is at version ${stored.version}, not ${expected}`);
  }
}

/**
 * Whether a stored idempotency record still holds its key at `now` (epoch seconds). A record whose
 * `expiresAt` has passed, or an in-progress one whose `lockedUntil` has passed (its request died),
 * counts as absent. "Passed" is strict: at `now === expiresAt` the record still holds.
 */
export function idempotencyRecordHolds(record: IdempotencyRecord, now: number): boolean {
  if (record.expiresAt < now) return false;
  return record.state === 'completed' || record.lockedUntil >= now;
}

/** The record a successful claim stores: in progress, no response yet. */
export function inProgressRecord(claim: IdempotencyClaim): IdempotencyRecord {
  return {
    key: claim.key,
    fingerprint: claim.fingerprint,
    state: 'in_progress',
    response: null,
    expiresAt: claim.expiresAt,
    lockedUntil: claim.lockedUntil,
  };
}
