// Test-only: the Durable Object classes of adapters/cloudflare/durable-objects.ts with FAULT
// INJECTION added (a mock used only to make faults happen, as the house rules allow). Unarmed,
// each behaves exactly as the real class (same store, same storage). Armed through the extra RPC
// method `injectFaults`, state lives in the instance's memory, so a reset (`reset`) clears it —
// which is what "restart" means for a Durable Object.
import type { DurableObjectState } from 'cloudflare:workers';
import {
  ConversationObject as RealConversationObject,
  HandleObject as RealHandleObject,
  IdempotencyObject as RealIdempotencyObject,
  UserObject as RealUserObject,
} from '../../../adapters/cloudflare/durable-objects.js';
import { namespacesOf } from '../../../adapters/cloudflare/namespaces.js';
import type { Env } from '../../../adapters/cloudflare/env.js';
import {
  ConversationObjectStore,
  HandleObjectStore,
  IdempotencyObjectStore,
  type Namespaces,
  UserObjectStore,
} from '../../../src/repository/durable-object/index.js';
import type { DurableObjectNamespaceLike } from '../../../src/repository/durable-object/rpc.js';
import type { DurableObjectStorageLike, SqlValue } from '../../../src/repository/durable-object/storage.js';

export interface ObjectFaults {
  /** Every outbox delivery to a user object fails (the user object is unreachable). */
  failDeliveries?: boolean;
  /** The next N write transactions throw after their writes, before committing (so they roll back). */
  transactionThrows?: number;
  /** The next call resets the object (`ctx.abort()`) before it runs. */
  resetOnNextCall?: boolean;
  /**
   * The alarm dies part-way: its first run delivers this many outbox rows and throws; every later
   * run (the runtime's retries) throws at once, until the object is reset.
   */
  alarmThrowsAfter?: number;
}

interface FaultState extends ObjectFaults {
  alarmRuns: number;
  alarmFailures: number;
}

/** Every statement an object ran (with its last bindings), so a test can ask SQLite for their query plans. */
type StatementLog = Map<string, SqlValue[]>;

/**
 * Storage that records its statements, and whose transactions can be made to throw after their
 * writes (and so roll back).
 */
function faultyStorage(
  storage: DurableObjectStorageLike,
  faults: FaultState,
  log: StatementLog,
): DurableObjectStorageLike {
  return {
    sql: {
      exec: (query, ...bindings) => {
        log.set(query, bindings);
        return storage.sql.exec(query, ...bindings);
      },
    },
    transactionSync: (fn) =>
      storage.transactionSync(() => {
        const result = fn();
        if ((faults.transactionThrows ?? 0) > 0) {
          faults.transactionThrows = (faults.transactionThrows ?? 0) - 1;
          throw new Error('injected fault: the transaction throws before it commits');
        }
        return result;
      }),
    getAlarm: () => storage.getAlarm(),
    setAlarm: (time) => storage.setAlarm(time),
    deleteAlarm: () => storage.deleteAlarm(),
    deleteAll: () => storage.deleteAll(),
  };
}

/**
 * `namespace` with its stubs wrapped: each call asks `fault(property)` first and answers with the
 * rejection it returns, else calls the real remote method. An RPC stub answers every property with
 * a remote method: call it on the stub, never `bind` or `apply` it.
 */
export function withStubFaults<Stub extends object, Id>(
  namespace: DurableObjectNamespaceLike<Stub, Id>,
  fault: (property: PropertyKey) => Promise<never> | undefined,
): DurableObjectNamespaceLike<Stub, Id> {
  return {
    idFromName: (name) => namespace.idFromName(name),
    get: (id, options) =>
      new Proxy(namespace.get(id, options), {
        get:
          (target, property) =>
          (...args: unknown[]) =>
            fault(property) ?? (target as Record<PropertyKey, (...a: unknown[]) => unknown>)[property]?.(...args),
      }),
  };
}

/** Namespaces whose user objects can be made unreachable for outbox deliveries. */
function faultyNamespaces(namespaces: Namespaces, faults: FaultState): Namespaces {
  return {
    ...namespaces,
    users: withStubFaults(namespaces.users, (property) =>
      property === 'applyMembership' && faults.failDeliveries
        ? Promise.reject(new Error('injected fault: the user object is unreachable'))
        : undefined,
    ),
  };
}

/**
 * `EXPLAIN QUERY PLAN` of every data statement in `log` (not the schema's `CREATE`s), as SQLite
 * words it: `SEARCH t USING INDEX …` is index-backed, `SCAN t` reads the whole table.
 */
function queryPlans(storage: DurableObjectStorageLike, log: StatementLog) {
  return [...log]
    .filter(([query]) => /^\s*(SELECT|INSERT|UPDATE|DELETE)\b/i.test(query) && !query.includes('sqlite_master'))
    .map(([query, bindings]) => ({
      query: query.replace(/\s+/g, ' ').trim(),
      plan: storage.sql
        .exec(`EXPLAIN QUERY PLAN ${query}`, ...bindings)
        .toArray()
        .map((row) => String(row.detail)),
    }));
}

/** The writes a `resetOnNextCall` fault interrupts: the object is reset as the call arrives. */
const RESET_BEFORE = new Set<PropertyKey>(['createConversation', 'updateConversation', 'postMessage', 'updateMessage']);

export class ConversationObject extends RealConversationObject {
  private readonly faults: FaultState = { alarmRuns: 0, alarmFailures: 0 };
  private readonly statements: StatementLog = new Map();
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const store = new ConversationObjectStore(
      faultyStorage(ctx.storage, this.faults, this.statements),
      faultyNamespaces(namespacesOf(env), this.faults),
    );
    // Faults at the store the RPC methods forward to: a reset as one of the writes arrives, an alarm that dies.
    this.store = new Proxy(store, {
      get: (target, property) => {
        if (property === 'alarm') return () => this.faultyAlarm(target);
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        const method = value.bind(target);
        if (!RESET_BEFORE.has(property)) return method;
        return (...args: unknown[]) => {
          this.beforeCall();
          return method(...args);
        };
      },
    });
  }
  queryPlans() {
    return queryPlans(this.ctx.storage, this.statements);
  }
  injectFaults(faults: ObjectFaults): void {
    Object.assign(this.faults, faults);
  }
  /** Outbox rows not yet delivered, and how the alarm has run so far. */
  outboxState() {
    const { alarmRuns, alarmFailures } = this.faults;
    return { pending: this.store.pendingDeliveries(), alarmRuns, alarmFailures };
  }
  /** Restart: the instance and its in-memory faults are dropped; storage (and the alarm) stay. */
  reset(): void {
    this.ctx.abort('injected fault: reset');
  }
  /**
   * The stored schema as it was before read state (migration 3 undone, its columns dropped), so the
   * next instance (after `reset`) migrates data written without it.
   */
  undoReadStateMigration(): void {
    this.ctx.storage.sql.exec(`
      ALTER TABLE participants DROP COLUMN read_message_id;
      ALTER TABLE participants DROP COLUMN read_at;
      ALTER TABLE participants DROP COLUMN unread;
      ALTER TABLE messages DROP COLUMN author_id;
      DELETE FROM schema_migrations WHERE version = 3;`);
  }
  private async faultyAlarm(store: ConversationObjectStore): Promise<void> {
    this.faults.alarmRuns += 1;
    const after = this.faults.alarmThrowsAfter;
    if (after !== undefined) {
      if (this.faults.alarmFailures === 0) await store.deliver(after);
      this.faults.alarmFailures += 1;
      throw new Error('injected fault: the alarm dies part-way through the outbox');
    }
    await store.alarm();
  }
  private beforeCall(): void {
    if (!this.faults.resetOnNextCall) return;
    this.faults.resetOnNextCall = false;
    this.ctx.abort('injected fault: reset');
  }
}

const unarmed = (): FaultState => ({ alarmRuns: 0, alarmFailures: 0 });

/**
 * `Real` with its store built over statement-recording storage (never armed), and `queryPlans()`
 * over what it ran: the objects that need no faults of their own.
 */
// A mixin's constructor must take `...any[]` (TS2545).
function recording<B extends new (...args: any[]) => object>(
  Real: B,
  Store: new (storage: DurableObjectStorageLike, namespaces: Namespaces) => unknown,
) {
  return class extends Real {
    private readonly statements: StatementLog = new Map();
    // `...any[]` as above; the runtime passes (ctx, env).
    constructor(...args: any[]) {
      super(...args);
      const [ctx, env] = args as [DurableObjectState, Env];
      // The real class's `store`: replaced before any call reaches it.
      (this as unknown as { store: unknown }).store = new Store(
        faultyStorage(ctx.storage, unarmed(), this.statements),
        namespacesOf(env),
      );
    }
    queryPlans() {
      return queryPlans((this as unknown as { ctx: DurableObjectState }).ctx.storage, this.statements);
    }
  };
}

export class UserObject extends recording(RealUserObject, UserObjectStore) {
  pendingDeliveries(): number {
    return this.store.pendingDeliveries();
  }
}

export class HandleObject extends recording(RealHandleObject, HandleObjectStore) {}

export class IdempotencyObject extends recording(RealIdempotencyObject, IdempotencyObjectStore) {}
