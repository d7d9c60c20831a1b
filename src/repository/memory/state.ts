import type { Conversation, Message, User } from '../../domain/model.js';
import type { IdempotencyCompletion, IdempotencyRecord } from '../port.js';

/** Everything the memory backend holds; one per `createMemoryRepository` call. */
export interface MemoryState {
  users: Map<string, User>;
  /** Lower-cased handle → user id. */
  handles: Map<string, string>;
  conversations: Map<string, Conversation>;
  /** User id → ids of the conversations they participate in. */
  memberships: Map<string, Set<string>>;
  /** Conversation id → message id → message. */
  messages: Map<string, Map<string, Message>>;
  idempotency: Map<string, IdempotencyRecord>;
  /** Expired idempotency records are swept at most this often, in seconds of the callers' clock. */
  sweepIntervalSeconds: number;
  lastSweep: number;
}

export function createMemoryState(sweepIntervalSeconds = 60): MemoryState {
  return {
    sweepIntervalSeconds,
    lastSweep: Number.NEGATIVE_INFINITY,
    users: new Map(),
    handles: new Map(),
    conversations: new Map(),
    memberships: new Map(),
    messages: new Map(),
    idempotency: new Map(),
  };
}

/**
 * Records cross the port as copies, so a caller that mutates what it got (or what it passed in)
 * cannot change stored state behind the backend's back, just as with a real store.
 */
export const copy = <T>(value: T): T => structuredClone(value);

export function recordCompletion(state: MemoryState, completion: IdempotencyCompletion): void {
  const previous = state.idempotency.get(completion.key);
  state.idempotency.set(completion.key, {
    key: completion.key,
    fingerprint: completion.fingerprint,
    state: 'completed',
    response: copy(completion.response),
    expiresAt: completion.expiresAt,
    lockedUntil: previous?.lockedUntil ?? 0,
  });
}
