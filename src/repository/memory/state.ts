import type { Attachment, Conversation, Message, User } from '../../domain/model.js';
import type { IdempotencyCompletion, IdempotencyRecord } from '../port.js';
import { completedRecord, holdsClaim, leaseLost } from '../preconditions.js';

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
  /** `<conversationId>/<attachmentId>` → attachment record. */
  attachments: Map<string, Attachment>;
  /** Conversation id → participant id → that participant's read horizon (`./read-state.ts`). */
  readStates: Map<string, Map<string, Horizon>>;
  /** Expired idempotency records are swept at most this often, in seconds of the callers' clock. */
  sweepIntervalSeconds: number;
  lastSweep: number;
}

/**
 * One participant's stored read state. `unread` is counted as messages arrive (and recounted when the
 * horizon moves) rather than on every read, so listing conversations costs no message scan; it is
 * exact, and capped only where it is shown.
 */
export interface Horizon {
  lastReadMessageId: string | null;
  readAt: string | null;
  unread: number;
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
    attachments: new Map(),
    readStates: new Map(),
  };
}

/**
 * Records cross the port as copies, so a caller that mutates what it got (or what it passed in)
 * cannot change stored state behind the backend's back, just as with a real store. Records are
 * plain JSON-shaped data (objects, arrays, strings, numbers, booleans, null), so a structural copy
 * is enough; `structuredClone` (which also handles cycles, Dates, Maps, typed arrays) was 30 % of
 * the self time of an authenticated message list under a CPU profile (docs/benchmarks.md).
 */
export function copy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copy) as T;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copy((value as Record<string, unknown>)[key]);
  return out as T;
}

/**
 * The fence of a write that carries `completion`: throws `IdempotencyLeaseLostError` unless the key is
 * still in progress under the completion's token. Called before the write changes anything, in the
 * same synchronous section as the change, so a stale claimant's write is refused whole.
 */
export function checkClaim(state: MemoryState, completion: IdempotencyCompletion | undefined): void {
  if (!completion) return;
  const stored = state.idempotency.get(completion.key);
  if (!holdsClaim(stored, completion.token)) throw leaseLost(completion, copy(stored ?? null));
}

/** Store the outcome over its claim; `checkClaim` has passed in the same synchronous section. */
export function recordCompletion(state: MemoryState, completion: IdempotencyCompletion | undefined): void {
  if (!completion) return;
  const claim = state.idempotency.get(completion.key);
  state.idempotency.set(completion.key, copy(completedRecord(completion, claim?.lockedUntil ?? 0)));
}
