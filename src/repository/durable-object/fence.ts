import { StoreUnavailableError } from '../errors.js';
import type { IdempotencyCompletion } from '../port.js';

/** The claim token a completion carries ('' where the caller has none). */
export function tokenOf(completion: Pick<IdempotencyCompletion, 'key'>): string {
  return (completion as { token?: string }).token ?? '';
}

/**
 * The request no longer holds its idempotency key (its lease lapsed and another request took the
 * key over, or the key was already decided): the write is refused whole, nothing is written.
 */
export function fenceLost(key: string): StoreUnavailableError {
  return new StoreUnavailableError(`idempotency key ${key.slice(0, 12)}… is no longer held by this request`, 1);
}
