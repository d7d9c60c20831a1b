import { DurableObject, type DurableObjectState } from 'cloudflare:workers';
import type { Attachment, Conversation, Message, User } from '../../src/domain/model.js';
import {
  ConversationObjectStore,
  HandleObjectStore,
  IdempotencyObjectStore,
  type MembershipUpdate,
  UserObjectStore,
} from '../../src/repository/durable-object/index.js';
import type {
  ExpectedVersion,
  IdempotencyClaim,
  IdempotencyCompletion,
  MessagePageRequest,
  PageRequest,
} from '../../src/repository/port.js';
import type { Env } from './env.js';
import { namespacesOf } from './namespaces.js';

/**
 * The Durable Object classes of the `durable-object` backend, exported from the Worker entry and
 * bound in wrangler.toml (`[[durable_objects.bindings]]`, `new_sqlite_classes`). Each is a thin
 * shell: the RPC methods hand their arguments to the provider-neutral store of
 * `src/repository/durable-object/`, which holds all of the logic and SQL.
 */
export class ConversationObject extends DurableObject<Env> {
  protected store: ConversationObjectStore;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ConversationObjectStore(ctx.storage, namespacesOf(env));
  }
  createConversation(conversation: Conversation, completion?: IdempotencyCompletion) {
    return this.store.createConversation(conversation, completion);
  }
  getConversation(id: string) {
    return this.store.getConversation(id);
  }
  updateConversation(next: Conversation, expectedVersion: number, completion?: IdempotencyCompletion) {
    return this.store.updateConversation(next, expectedVersion, completion);
  }
  postMessage(message: Message, completion?: IdempotencyCompletion) {
    return this.store.postMessage(message, completion);
  }
  getMessage(messageId: string) {
    return this.store.getMessage(messageId);
  }
  updateMessage(next: Message, expectedVersion: number) {
    return this.store.updateMessage(next, expectedVersion);
  }
  listMessages(page: MessagePageRequest) {
    return this.store.listMessages(page);
  }
  markRead(conversationId: string, userId: string, messageId: string, at: string) {
    return this.store.markRead(conversationId, userId, messageId, at);
  }
  listReadStates(conversationId: string) {
    return this.store.listReadStates(conversationId);
  }
  createAttachment(attachment: Attachment, completion?: IdempotencyCompletion) {
    return this.store.createAttachment(attachment, completion);
  }
  getAttachment(id: string) {
    return this.store.getAttachment(id);
  }
  updateAttachment(next: Attachment, expectedVersion: number) {
    return this.store.updateAttachment(next, expectedVersion);
  }
  resolveIdempotency(key: string, token: string, abort: boolean, expiresAt: number) {
    return this.store.resolveIdempotency(key, token, abort, expiresAt);
  }
  alarm() {
    return this.store.alarm();
  }
}

export class UserObject extends DurableObject<Env> {
  protected store: UserObjectStore;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new UserObjectStore(ctx.storage, namespacesOf(env));
  }
  getUser(id: string) {
    return this.store.getUser(id);
  }
  saveUser(user: User, expected: ExpectedVersion) {
    return this.store.saveUser(user, expected);
  }
  deleteUser(id: string, expectedVersion: number) {
    return this.store.deleteUser(id, expectedVersion);
  }
  handleStatus(id: string, handle: string) {
    return this.store.handleStatus(id, handle);
  }
  listConversations(userId: string, page: PageRequest) {
    return this.store.listConversations(userId, page);
  }
  readStates(userId: string, conversationIds: string[]) {
    return this.store.readStates(userId, conversationIds);
  }
  applyMembership(update: MembershipUpdate) {
    return this.store.applyMembership(update);
  }
  alarm() {
    return this.store.alarm();
  }
}

export class HandleObject extends DurableObject<Env> {
  protected store: HandleObjectStore;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new HandleObjectStore(ctx.storage, namespacesOf(env));
  }
  owner(handle: string) {
    return this.store.owner(handle);
  }
  claim(handle: string, userId: string) {
    return this.store.claim(handle, userId);
  }
  release(handle: string, userId: string) {
    return this.store.release(handle, userId);
  }
}

export class IdempotencyObject extends DurableObject<Env> {
  protected store: IdempotencyObjectStore;
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new IdempotencyObjectStore(ctx.storage, namespacesOf(env));
  }
  claim(claim: IdempotencyClaim) {
    return this.store.claim(claim);
  }
  complete(completion: IdempotencyCompletion) {
    return this.store.complete(completion);
  }
  release(key: string, token: string) {
    return this.store.release(key, token);
  }
  prepare(completion: IdempotencyCompletion, target: string) {
    return this.store.prepare(completion, target);
  }
  abandon(key: string, token: string) {
    return this.store.abandon(key, token);
  }
  alarm() {
    return this.store.alarm();
  }
}
