import type { ConversationObjectStore } from './conversation-object.js';
import type { HandleObjectStore } from './handle-object.js';
import type { IdempotencyObjectStore } from './idempotency-object.js';
import type { Change } from '../../realtime/changes.js';
import type { RealtimeEvent } from '../../realtime/events.js';
import type { DurableObjectNamespaceLike } from './rpc.js';
import type { UserObjectStore } from './user-object.js';

/** An object store's RPC surface: its methods, as a stub exposes them. */
type Rpc<Store, Methods extends keyof Store> = Pick<Store, Methods>;

export type ConversationRpc = Rpc<
  ConversationObjectStore,
  | 'createConversation'
  | 'getConversation'
  | 'updateConversation'
  | 'postMessage'
  | 'getMessage'
  | 'updateMessage'
  | 'listMessages'
  | 'markRead'
  | 'listReadStates'
  | 'createAttachment'
  | 'getAttachment'
  | 'updateAttachment'
  | 'resolveIdempotency'
>;
export type UserRpc = Rpc<
  UserObjectStore,
  'getUser' | 'saveUser' | 'deleteUser' | 'handleStatus' | 'listConversations' | 'readStates' | 'applyMembership'
>;
/** A user's real-time socket object (the realtime Worker's `SocketObject`). */
export interface SocketsRpc {
  /** Committed changes of this user's conversations, in commit order: their events go to every socket. */
  deliver(changes: Change[]): Promise<number>;
  /** Events that were never stored (typing), straight to every socket. */
  send(events: RealtimeEvent[]): Promise<number>;
}
export type HandleRpc = Rpc<HandleObjectStore, 'owner' | 'claim' | 'release'>;
export type IdempotencyRpc = Rpc<IdempotencyObjectStore, 'claim' | 'complete' | 'release' | 'prepare' | 'abandon'>;

/**
 * The four Durable Object classes of the backend, one object per:
 * - conversation (`idFromName(conversationId)`): the conversation, its participants, its messages,
 *   the idempotency outcomes of writes to it, and its outbox;
 * - user (`idFromName(userId)`): the profile and the user's conversation list;
 * - handle (`idFromName(handle)`): who owns the handle (uniqueness);
 * - idempotency key (`idFromName(key)`): the claim of one `Idempotency-Key`, gone 24 h later.
 */
export interface Namespaces {
  conversations: DurableObjectNamespaceLike<ConversationRpc>;
  users: DurableObjectNamespaceLike<UserRpc>;
  handles: DurableObjectNamespaceLike<HandleRpc>;
  idempotency: DurableObjectNamespaceLike<IdempotencyRpc>;
  /**
   * Each user's real-time socket object, where the realtime Worker is bound (`PARLEY_SOCKETS`):
   * conversations then deliver their events there through the outbox, after the commit.
   */
  sockets?: DurableObjectNamespaceLike<SocketsRpc>;
  /** Where objects are created (`DO_LOCATION_HINT`): a region hint such as `weur`, or none (near the first caller). */
  locationHint?: string;
}

/** The object named `name` in `namespace` (ids are derived from names, never random). */
export function objectOf<Stub>(
  namespaces: Namespaces,
  namespace: DurableObjectNamespaceLike<Stub>,
  name: string,
): Stub {
  const hint = namespaces.locationHint;
  return namespace.get(namespace.idFromName(name), hint ? { locationHint: hint } : undefined);
}
