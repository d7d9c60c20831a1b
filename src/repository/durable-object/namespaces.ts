import type { ConversationObjectStore } from './conversation-object.js';
import type { HandleObjectStore } from './handle-object.js';
import type { IdempotencyObjectStore } from './idempotency-object.js';
import type { Change } from '../../realtime/changes.js';
import type { RealtimeEvent } from '../../realtime/events.js';
import type { DurableObjectNamespaceLike } from './rpc.js';
import type { UserObjectStore } from './user-object.js';

/**
 * Each object store's RPC surface: the methods a stub exposes, named once here. The Workers classes
 * (adapters/cloudflare/durable-objects.ts) forward exactly these to their store.
 */
export const RPC_METHODS = {
  conversation: [
    'createConversation',
    'getConversation',
    'updateConversation',
    'postMessage',
    'getMessage',
    'updateMessage',
    'listMessages',
    'markRead',
    'listReadStates',
    'createAttachment',
    'getAttachment',
    'updateAttachment',
    'resolveIdempotency',
  ],
  user: ['getUser', 'saveUser', 'deleteUser', 'handleStatus', 'listConversations', 'readStates', 'applyMembership'],
  handle: ['owner', 'claim', 'release'],
  idempotency: ['claim', 'complete', 'release', 'prepare', 'abandon'],
} as const satisfies {
  conversation: ReadonlyArray<keyof ConversationObjectStore>;
  user: ReadonlyArray<keyof UserObjectStore>;
  handle: ReadonlyArray<keyof HandleObjectStore>;
  idempotency: ReadonlyArray<keyof IdempotencyObjectStore>;
};

type Rpc<Store, Kind extends keyof typeof RPC_METHODS> = Pick<Store, (typeof RPC_METHODS)[Kind][number] & keyof Store>;

export type ConversationRpc = Rpc<ConversationObjectStore, 'conversation'>;
export type UserRpc = Rpc<UserObjectStore, 'user'>;
/** A user's real-time socket object (the realtime Worker's `SocketObject`). */
export interface SocketsRpc {
  /** Committed changes of this user's conversations, in commit order: their events go to every socket. */
  deliver(changes: Change[]): Promise<number>;
  /** Events that were never stored (typing), straight to every socket. */
  send(events: RealtimeEvent[]): Promise<number>;
}
export type HandleRpc = Rpc<HandleObjectStore, 'handle'>;
export type IdempotencyRpc = Rpc<IdempotencyObjectStore, 'idempotency'>;

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
