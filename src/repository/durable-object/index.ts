export { ConversationObjectStore, CONVERSATION_MIGRATIONS, type MembershipUpdate } from './conversation-object.js';
export { HandleObjectStore } from './handle-object.js';
export { IdempotencyObjectStore } from './idempotency-object.js';
export {
  type ConversationRpc,
  type HandleRpc,
  type IdempotencyRpc,
  type Namespaces,
  RPC_METHODS,
  type SocketsRpc,
  type UserRpc,
} from './namespaces.js';
export type { OutboxOptions } from './outbox.js';
export {
  createDurableObjectRepository,
  durableObjectCapabilities,
  type DurableObjectRepositoryOptions,
} from './repository.js';
export type { DurableObjectNamespaceLike, Reply } from './rpc.js';
export type { DurableObjectStorageLike, Meter, SqlStorageLike } from './storage.js';
export { UserObjectStore } from './user-object.js';
