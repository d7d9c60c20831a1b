import type { Attachment, Conversation, Message, ReadState, User } from '../domain/model.js';

/**
 * The repository port: the one interface between Parley's core and its stores (memory, Workers KV,
 * DynamoDB, Durable Objects). The core owns the semantics (who may do what, ETags, cursors' opacity); a backend
 * implements these primitives, declares what it can guarantee, and throws only the domain errors of
 * `./errors.ts` (`NotFoundError`, `ConflictError`, `VersionMismatchError`, `IdempotencyLeaseLostError`,
 * `StoreUnavailableError`, `StoreRequestError`).
 *
 * Contracts every backend keeps (checked by `test/contract/repository.ts`):
 * - Records are returned as plain objects equal to what was written (no extra fields).
 * - `expectedVersion` checks compare with the stored `version`; on a mismatch nothing is written.
 *   Where `capabilities.atomicConditionalWrites` is false the check is best-effort (read, then write).
 *   Failures are the same everywhere (`./preconditions.ts`): `'absent'` but stored →
 *   `ConflictError('exists')`; a version but nothing stored → `NotFoundError`; another version stored
 *   → `VersionMismatchError`.
 * - A write that carries an `IdempotencyCompletion` records that completion together with the write:
 *   in one transaction where `capabilities.transactions` is true, right after it otherwise.
 * - Idempotency claims are fenced leases. Each claim carries a fresh `token`; a write that completes
 *   or releases a key applies only while the key is still `in_progress` under that token. A write
 *   carrying a completion whose fence fails writes nothing at all and rejects with
 *   `IdempotencyLeaseLostError` (naming the record that holds the key now), so a request that
 *   stalled past its lease while another took the key over cannot add a second outcome. Where
 *   `capabilities.fencedIdempotency` is false the fence is checked by a read before the write
 *   (best effort: a takeover racing the write can slip through).
 * - Cursors returned in `Page.cursor` are backend-native strings; the core signs them before a client
 *   sees them and hands back only cursors it signed, so a backend may trust their shape.
 */
export interface Repository {
  /** Short backend name, shown by `GET /health`: `memory`, `kv`, `dynamodb` or `durable-object`. */
  readonly backend: string;
  readonly capabilities: RepositoryCapabilities;

  // Users ------------------------------------------------------------------------------------------
  getUser(id: string): Promise<User | null>;
  /**
   * The profiles of `ids` that exist, in the order of `ids`, each once; ids without a profile are left
   * out. One batch read where the store has one (DynamoDB `BatchGetItem`, 100 keys a call), parallel
   * reads elsewhere — never one read after another. Callers pass at most `LIMITS.participants` ids.
   */
  getUsers(ids: readonly string[]): Promise<User[]>;
  /**
   * The user whose handle is `handle`. Handles reach the port normalized (`normalizeHandle`,
   * lower-case), so a backend compares them as given and uniqueness is case-insensitive.
   */
  getUserByHandle(handle: string): Promise<User | null>;
  /**
   * Create or replace a profile. `expected` is `'absent'` (create only), a version (replace only if it
   * is stored), or `'any'` (create or replace). Keeps the handle unique: a handle owned by another user
   * is a `ConflictError('handle_taken')`, and a changed handle releases the old one in the same write.
   */
  saveUser(user: User, expected: ExpectedVersion): Promise<void>;
  /** Deletes the profile and releases its handle. `NotFoundError` when absent. */
  deleteUser(id: string, expectedVersion: number): Promise<void>;

  // Conversations ----------------------------------------------------------------------------------
  /** `ConflictError('exists')` if the id is taken. Indexes the conversation for every participant. */
  createConversation(conversation: Conversation, completion?: IdempotencyCompletion): Promise<void>;
  getConversation(id: string): Promise<Conversation | null>;
  /**
   * Replace a conversation (rename, participant changes) if its stored version is `expectedVersion`.
   * The backend diffs `participantIds` with the stored record and keeps each participant's
   * conversation index consistent with it. `lastActivityAt` and `lastMessageId` belong to
   * `postMessage`: an update keeps the stored ones, so a rename racing a new message cannot roll the
   * activity back.
   */
  updateConversation(next: Conversation, expectedVersion: number, completion?: IdempotencyCompletion): Promise<void>;
  /**
   * The conversations `userId` participates in, most recent `lastActivityAt` first, each with
   * `userId`'s read state in it (`readStates[i]` belongs to `items[i]`), read together so a page
   * stays within the read round-trip budget.
   */
  listConversations(userId: string, page: PageRequest): Promise<ConversationPage>;

  // Read state (`src/schemas/read-state.ts` has the rules) --------------------------------------------
  /**
   * Move `userId`'s read horizon in the conversation forward to `messageId` (a message of this
   * conversation: the route has checked it), stamped `at`, and recount `unreadCount`. A `messageId`
   * at or before the stored horizon changes nothing (`moved: false`, the stored state returned), so a
   * repeated or reordered call is harmless. `NotFoundError` when the conversation does not exist,
   * `ConflictError('not_participant')` when `userId` is not a participant.
   */
  markRead(conversationId: string, userId: string, messageId: string, at: string): Promise<MarkReadResult>;
  /**
   * `userId`'s read state in each of `conversationIds` (same order; one that does not exist or that
   * `userId` is not in: `lastReadMessageId: null`, `unreadCount: 0`). At most one round trip.
   */
  getReadStates(userId: string, conversationIds: string[]): Promise<ReadState[]>;
  /** Every current participant's read state in one conversation, in `participantIds` order (`[]` when it does not exist). */
  listReadStates(conversationId: string): Promise<ReadState[]>;

  // Messages ---------------------------------------------------------------------------------------
  /**
   * Store a new message and bump its conversation's `lastActivityAt`/`lastMessageId` (and every
   * participant's index) together. `NotFoundError` when the conversation does not exist,
   * `ConflictError('not_participant')` when the author is not a participant,
   * `ConflictError('exists')` when the message id is already stored. Returns the
   * conversation as it is after the bump.
   */
  postMessage(message: Message, completion?: IdempotencyCompletion): Promise<Conversation>;
  // postMessage also moves the author's read horizon to the message and counts it as unread for the
  // other participants (`src/schemas/read-state.ts`).
  getMessage(conversationId: string, messageId: string): Promise<Message | null>;
  /**
   * Replace a message (edit, tombstone) if its stored version is `expectedVersion`; the message is
   * found by `next.conversationId` and `next.id`.
   */
  updateMessage(next: Message, expectedVersion: number): Promise<void>;
  /**
   * Newest first. With `after`: only messages whose id is greater than it, oldest first (sync);
   * `cursor` then continues after the previous page's last message, up to the newest.
   */
  listMessages(conversationId: string, page: MessagePageRequest): Promise<Page<Message>>;

  // Attachments ------------------------------------------------------------------------------------
  /**
   * Store a new attachment record (`pending`). `ConflictError('exists')` when the id is taken. The
   * route has checked the conversation and the uploader's membership. `expiresAt` is the record's TTL:
   * stores with native expiry (DynamoDB TTL, KV `expiration`) forget it then, and the core treats a
   * record past it as absent wherever it is read (`src/media/records.ts`).
   */
  createAttachment(attachment: Attachment, completion?: IdempotencyCompletion): Promise<void>;
  getAttachment(conversationId: string, attachmentId: string): Promise<Attachment | null>;
  /**
   * Replace an attachment record if its stored version is `expectedVersion` (the processor's
   * `pending → ready | rejected`, a message claiming it): the same failures as `updateMessage`, so
   * of two processors racing on one upload exactly one settles it.
   */
  updateAttachment(next: Attachment, expectedVersion: number): Promise<void>;

  // Idempotency records ----------------------------------------------------------------------------
  /**
   * Put-if-absent an in-progress record for `key`, under `claim.token`. A record whose `expiresAt`
   * has passed, or an in-progress one whose `lockedUntil` has passed (its request stalled or died),
   * counts as absent and is replaced, token included: its claimant is fenced off from then on
   * ("passed" is strict: `expiresAt < now`; see `idempotencyRecordHolds`).
   */
  claimIdempotencyKey(claim: IdempotencyClaim): Promise<ClaimResult>;
  /**
   * Store the outcome of a claimed key (for outcomes no write carried: a 4xx, a no-op). Applies only
   * while the key is `in_progress` under `completion.token`; a record already completed under that
   * same token (this call resent) counts as done. Anything else: `IdempotencyLeaseLostError`, nothing
   * changed.
   */
  completeIdempotencyKey(completion: IdempotencyCompletion): Promise<void>;
  /**
   * Drop the claim so the client may retry at once (the request failed before any write): only a
   * record still `in_progress` under `token`. Anything else (completed, claimed by another token,
   * absent) is left as it is, and is not an error.
   */
  releaseIdempotencyKey(key: string, token: string): Promise<void>;

  /**
   * This repository for one request that must be over by `deadline`: every call, retry, backoff and
   * re-read loop checks it, and instead of starting what could not end in time the call fails with
   * `StoreUnavailableError` (503). Backends that never wait (memory) may leave it out.
   */
  withDeadline?(deadline: RequestDeadline): Repository;
}

/** When a request must be over, on the app's clock (`AppDeps.now`), so tests that move time move it too. */
export interface RequestDeadline {
  /** Epoch milliseconds. */
  at: number;
  /** The clock `at` is read on, epoch milliseconds. */
  now(): number;
}

export interface RepositoryCapabilities {
  /** Conditional writes (If-Match, unique handles, put-if-absent) are checked and applied atomically. */
  atomicConditionalWrites: boolean;
  /** Multi-record changes (a message, its conversation's activity, its idempotency record) are all-or-nothing. */
  transactions: boolean;
  /** A read after a write sees it from every location. */
  strongReads: boolean;
  /**
   * Completing or releasing an idempotency key is conditional on the claim's token, atomically with
   * the write it belongs to (see `IdempotencyLeaseLostError`), so a stale claimant writes nothing.
   */
  fencedIdempotency: boolean;
  /** Why the flags that are false are false, in one sentence each (shown in test skips and docs). */
  notes: Partial<Record<keyof Omit<RepositoryCapabilities, 'notes'>, string>>;
}

/**
 * The capabilities of a backend that checks and commits every write atomically (conditions,
 * transactions, fenced idempotency) but answers some reads from a replica or a copy: DynamoDB and
 * Durable Objects. `strongReads` names those reads.
 */
export const transactionalCapabilities = (strongReads: string): RepositoryCapabilities => ({
  atomicConditionalWrites: true,
  transactions: true,
  strongReads: false,
  fencedIdempotency: true,
  notes: { strongReads },
});

export type ExpectedVersion = 'absent' | 'any' | number;

export interface PageRequest {
  /** 1–100, already validated by the core. */
  limit: number;
  /** A cursor this backend returned earlier. */
  cursor?: string;
}

export interface MessagePageRequest extends PageRequest {
  /** Only messages with an id greater than this one, oldest first. Passed with every page: cursors do not carry it. */
  after?: string;
}

export interface Page<T> {
  items: T[];
  /** Backend-native cursor of the next page, `null` on the last page. */
  cursor: string | null;
}

/** A page of a user's conversations with that user's read state in each (`readStates[i]` for `items[i]`). */
export interface ConversationPage extends Page<Conversation> {
  readStates: ReadState[];
}

export interface MarkReadResult {
  state: ReadState;
  /** Whether the horizon moved (a `read.updated` event is due only then). */
  moved: boolean;
}

/** A response kept for replay, exactly as first sent. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRecord {
  key: string;
  /** Hash of the method, path and body of the first request. */
  fingerprint: string;
  /** The token of the claim that holds (or held and completed) the key. */
  token: string;
  state: 'in_progress' | 'completed';
  response: StoredResponse | null;
  /** Epoch seconds after which the record is gone (24 h after the claim). */
  expiresAt: number;
  /** Epoch seconds after which an in-progress claim is considered abandoned. */
  lockedUntil: number;
}

export interface IdempotencyClaim {
  key: string;
  fingerprint: string;
  /** Fresh per claim (a takeover of a lapsed claim has its own): the fence of every later write. */
  token: string;
  expiresAt: number;
  lockedUntil: number;
  /** Epoch seconds "now", so expiry checks agree with the caller's clock. */
  now: number;
}

export type ClaimResult = { claimed: true } | { claimed: false; existing: IdempotencyRecord };

export interface IdempotencyCompletion {
  key: string;
  fingerprint: string;
  /** The token of the claim this outcome belongs to: it is stored only while that claim holds the key. */
  token: string;
  response: StoredResponse;
  expiresAt: number;
}
