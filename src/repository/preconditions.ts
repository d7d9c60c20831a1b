import { ConflictError, IdempotencyLeaseLostError, NotFoundError, VersionMismatchError } from './errors.js';
import type { ExpectedVersion, IdempotencyClaim, IdempotencyCompletion, IdempotencyRecord } from './port.js';

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

/** The record a successful claim stores: in progress under the claim's token, no response yet. */
export function inProgressRecord(claim: IdempotencyClaim): IdempotencyRecord {
  const { key, fingerprint, token, expiresAt, lockedUntil } = claim;
  return { key, fingerprint, token, state: 'in_progress', response: null, expiresAt, lockedUntil };
}

/** The record a completion stores over its claim (whose `lockedUntil` it keeps). */
export function completedRecord(completion: IdempotencyCompletion, lockedUntil: number): IdempotencyRecord {
  const { key, fingerprint, token, response, expiresAt } = completion;
  return { key, fingerprint, token, state: 'completed', response, expiresAt, lockedUntil };
}

/** The fence: `stored` is still the in-progress claim made under `token`. */
export function holdsClaim(stored: IdempotencyRecord | null | undefined, token: string): boolean {
  return stored?.state === 'in_progress' && stored.token === token;
}

/** The error of a completion whose fence failed; `current` is what holds the key now. */
export function leaseLost(
  completion: Pick<IdempotencyCompletion, 'key' | 'token' | 'fingerprint'>,
  current: IdempotencyRecord | null,
): IdempotencyLeaseLostError {
  const now = !current
    ? 'no record holds it'
    : current.token === completion.token
      ? `this claim already ${current.state === 'completed' ? 'completed it' : 'holds it'}`
      : `another claim ${current.state === 'completed' ? 'completed it' : 'holds it'}`;
  return new IdempotencyLeaseLostError(
    `idempotency key ${completion.key} is not in progress under this claim: ${now}`,
    current,
    completion.fingerprint,
  );
}
