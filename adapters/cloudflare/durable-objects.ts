import { DurableObject, type DurableObjectState } from 'cloudflare:workers';
import {
  ConversationObjectStore,
  HandleObjectStore,
  IdempotencyObjectStore,
  type Namespaces,
  RPC_METHODS,
  UserObjectStore,
} from '../../src/repository/durable-object/index.js';
import type { Env } from './env.js';
import { namespacesOf } from './namespaces.js';

/**
 * The Durable Object classes of the `durable-object` backend, exported from the Worker entry and
 * bound in wrangler.toml (`[[durable_objects.bindings]]`, `new_sqlite_classes`). Each is a thin
 * shell made by `storeObject`: its RPC methods (the store's methods named in `RPC_METHODS`, plus
 * `alarm` where the store keeps an outbox or expiries) hand their arguments to the provider-neutral
 * store of `src/repository/durable-object/`, which holds all of the logic and SQL.
 */
export const ConversationObject = storeObject(ConversationObjectStore, [...RPC_METHODS.conversation, 'alarm']);
export type ConversationObject = InstanceType<typeof ConversationObject>;
export const UserObject = storeObject(UserObjectStore, [...RPC_METHODS.user, 'alarm']);
export type UserObject = InstanceType<typeof UserObject>;
export const HandleObject = storeObject(HandleObjectStore, RPC_METHODS.handle);
export type HandleObject = InstanceType<typeof HandleObject>;
export const IdempotencyObject = storeObject(IdempotencyObjectStore, [...RPC_METHODS.idempotency, 'alarm']);
export type IdempotencyObject = InstanceType<typeof IdempotencyObject>;

type Store<S> = new (storage: DurableObjectState['storage'], namespaces: Namespaces) => S;
// `store` is replaced by the fault-injection Workers of the tests, before any call reaches it.
type StoreShell<S> = DurableObject<Env> & { store: S };

/**
 * A `DurableObject` class holding one `Store` and forwarding `methods` to it. The methods are put on
 * the class's prototype, where Workers RPC looks them up (own instance properties are not callable
 * over RPC).
 */
function storeObject<S extends object, M extends keyof S & string>(Store: Store<S>, methods: readonly M[]) {
  class StoreObject extends DurableObject<Env> {
    store: S;
    constructor(ctx: DurableObjectState, env: Env) {
      super(ctx, env);
      this.store = new Store(ctx.storage, namespacesOf(env));
    }
  }
  for (const name of methods) {
    Object.defineProperty(StoreObject.prototype, name, {
      configurable: true,
      writable: true,
      value(this: StoreShell<S>, ...args: unknown[]) {
        return (this.store[name] as (...forwarded: unknown[]) => unknown).apply(this.store, args);
      },
    });
  }
  return StoreObject as unknown as new (
    ctx: DurableObjectState,
    env: Env,
  ) => StoreShell<S> & Pick<S, M>;
}
