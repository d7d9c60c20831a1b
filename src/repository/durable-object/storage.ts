/**
 * The slice of a SQLite-backed Durable Object's storage the object stores use, written to match
 * Cloudflare's `DurableObjectStorage` (https://developers.cloudflare.com/durable-objects/api/sqlite-storage-api/)
 * so `ctx.storage` fits without a cast and `src/` needs no `@cloudflare/workers-types`.
 */
export interface DurableObjectStorageLike {
  sql: SqlStorageLike;
  /** Runs `fn` as one SQLite transaction; a throw rolls back every write it made. */
  transactionSync<T>(fn: () => T): T;
  /** https://developers.cloudflare.com/durable-objects/api/alarms/ — epoch ms, or null. */
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
  /** Deletes every table, row and the alarm: the object is as if never written. */
  deleteAll(): Promise<void>;
}

export interface SqlStorageLike {
  /** `?` placeholders; several `;`-separated statements may run at once (bindings go to the last). */
  exec(query: string, ...bindings: SqlValue[]): SqlCursorLike;
}

export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

export interface SqlCursorLike {
  toArray(): SqlRow[];
  /** Rows read and written so far by this statement: what SQLite storage bills (index updates included). */
  readonly rowsRead: number;
  readonly rowsWritten: number;
}

/**
 * What one object call cost, added up over every object it reached (the store's own statements
 * and the calls it made): object calls (each a billed Durable Object request), SQLite rows read and
 * rows written. Returned with every reply, so the benchmarks and budgets read real counts.
 */
export interface Meter {
  calls: number;
  rowsRead: number;
  rowsWritten: number;
}

export const newMeter = (): Meter => ({ calls: 0, rowsRead: 0, rowsWritten: 0 });

export function addMeter(into: Meter, from: Meter): void {
  into.calls += from.calls;
  into.rowsRead += from.rowsRead;
  into.rowsWritten += from.rowsWritten;
}

/** One schema change; applied once, in `version` order, recorded in `schema_migrations`. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * An object's SQLite database: every statement goes through `run`, which adds its rows to the
 * caller's meter. The schema is created on the first write (`ready`), not on a read, so looking up
 * an id nobody created leaves no stored object behind (an empty SQLite database is ~12 KB billed).
 * Later features add tables by appending a `Migration`; an existing object applies the new ones
 * when it next starts (`constructor`), a new object all of them on its first write.
 */
export class Database {
  private schemaVersion = 0;

  constructor(
    readonly storage: DurableObjectStorageLike,
    private readonly migrations: readonly Migration[],
  ) {
    const found = this.storage.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
      .toArray();
    if (found.length > 0) this.migrate();
  }

  /** Whether anything was ever written here. */
  get exists(): boolean {
    return this.schemaVersion > 0;
  }

  /** Creates or upgrades the schema; call before the first write. */
  ready(): void {
    if (this.schemaVersion < (this.migrations.at(-1)?.version ?? 0)) this.migrate();
  }

  run(meter: Meter, query: string, ...bindings: SqlValue[]): SqlRow[] {
    const cursor = this.storage.sql.exec(query, ...bindings);
    const rows = cursor.toArray();
    meter.rowsRead += cursor.rowsRead;
    meter.rowsWritten += cursor.rowsWritten;
    return rows;
  }

  one(meter: Meter, query: string, ...bindings: SqlValue[]): SqlRow | undefined {
    return this.run(meter, query, ...bindings)[0];
  }

  transaction<T>(fn: () => T): T {
    this.ready();
    return this.storage.transactionSync(fn);
  }

  private migrate(): void {
    this.storage.transactionSync(() => {
      const sql = this.storage.sql;
      sql.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
      );
      const [row] = sql.exec('SELECT max(version) AS v FROM schema_migrations').toArray();
      let current = Number(row?.v ?? 0);
      for (const migration of this.migrations) {
        if (migration.version <= current) continue;
        sql.exec(migration.sql);
        sql.exec('INSERT INTO schema_migrations VALUES (?, ?, ?)', migration.version, migration.name, Date.now());
        current = migration.version;
      }
      this.schemaVersion = current;
    });
  }
}
