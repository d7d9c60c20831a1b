import { Database, type DurableObjectStorageLike, type Meter, type Migration, newMeter } from './storage.js';
import type { Namespaces } from './namespaces.js';

/**
 * Rows another object must receive, written in the same SQLite transaction as the change they
 * carry. A row's `key` coalesces: a newer row under the same key replaces an undelivered older one
 * (a conversation snapshot for a user's list supersedes the previous one), so the table never holds
 * more than one row per key; rows that must each arrive (per-message events, e.g. for real-time
 * delivery) take a key of their own. One table with one key (no secondary index): a row costs one
 * row written to add and one to delete.
 */
export const OUTBOX_TABLE = `CREATE TABLE outbox (
  key TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  target TEXT NOT NULL,
  payload TEXT NOT NULL,
  revision INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;`;

/** Delivers one row to `target` (an idempotent upsert there); a throw leaves the row for a retry. */
export type Deliverer = (target: string, payload: unknown, meter: Meter) => Promise<void>;

export interface OutboxOptions {
  /** How long a write waits for its rows to be delivered before answering anyway. Default 2000 ms. */
  inlineMs?: number;
  /** The first retry after a failed delivery, doubled per failed run up to `maxRetryMs`. Default 1000. */
  retryMs?: number;
  maxRetryMs?: number;
}

interface Row {
  key: string;
  topic: string;
  target: string;
  payload: string;
  revision: number;
}

const BATCH = 256;

/**
 * The object's one alarm belongs to its outbox (a Durable Object has a single alarm): later timed
 * work in the same object should be an outbox topic, or share this scheduling.
 *
 * Delivery: right after the commit (`flush`, awaited up to `inlineMs`, so the caller normally reads
 * its own write in the other object), and again from the object's alarm until every row is acked.
 * The alarm is set in the same turn as the commit, so a crash right after it still delivers; a
 * failed run re-arms it with capped backoff and never gives up (the runtime's own retries of a
 * throwing alarm stop after six). Deliveries are upserts keyed by what they carry, so a row
 * delivered twice (an ack lost, an inline flush racing the alarm) changes nothing the second time.
 */
export class Outbox {
  private running: Promise<number> | undefined;
  private queued: Promise<number> | undefined;
  private failedRuns = 0;
  private added = false;

  constructor(
    private readonly db: Database,
    private readonly deliverers: Record<string, Deliverer>,
    private readonly options: OutboxOptions = {},
  ) {}

  /** Inside the write's transaction. `key` defaults to `<topic>:<target>` (one pending row per target). */
  add(meter: Meter, topic: string, target: string, payload: unknown, key = `${topic}:${target}`): void {
    this.added = true;
    this.db.run(
      meter,
      `INSERT INTO outbox (key, topic, target, payload) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET payload = excluded.payload, revision = revision + 1, attempts = 0`,
      key,
      topic,
      target,
      JSON.stringify(payload),
    );
  }

  /**
   * Inside the write's transaction: `items` appended to the undelivered list under `key` (one row
   * per target, so a target's items arrive in the order they were added). Past `cap`, the oldest
   * are dropped: a target unreachable that long catches up another way (real-time clients by REST).
   */
  append(meter: Meter, topic: string, target: string, items: readonly unknown[], cap: number): void {
    const key = `${topic}:${target}`;
    const row = this.db.one(meter, 'SELECT payload FROM outbox WHERE key = ?', key);
    const pending = row ? (JSON.parse(String(row.payload)) as unknown[]) : [];
    this.add(meter, topic, target, [...pending, ...items].slice(-cap), key);
  }

  /** Right after a commit (that added rows): arm the alarm, deliver, and wait up to `inlineMs`. */
  async flush(meter: Meter): Promise<void> {
    if (!this.added) return;
    this.added = false;
    this.arm(Date.now() + (this.options.retryMs ?? 1000));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.inlineMs ?? 2000)));
    await Promise.race([this.drain(meter).then(() => clearTimeout(timer)), bound]);
  }

  /** The alarm handler: deliver everything; re-arm with backoff while rows remain. */
  async alarm(meter: Meter): Promise<void> {
    const left = await this.drain(meter);
    if (left === 0) {
      this.failedRuns = 0;
      return;
    }
    const retry = this.options.retryMs ?? 1000;
    const delay = Math.min(this.options.maxRetryMs ?? 60_000, retry * 2 ** this.failedRuns++);
    await this.db.storage.setAlarm(Date.now() + delay);
  }

  /** Rows not yet acked. */
  pending(meter: Meter): number {
    if (!this.db.exists) return 0;
    return Number(this.db.one(meter, 'SELECT count(*) AS n FROM outbox')?.n ?? 0);
  }

  /** After a restart: rows left by a run that died are delivered by an alarm. */
  resume(meter: Meter): void {
    if (this.db.exists && this.db.one(meter, 'SELECT key FROM outbox LIMIT 1')) {
      this.arm(Date.now());
    }
  }

  /**
   * Delivers every row once per run; one run at a time, and a caller arriving during a run waits
   * for the next one, which sees its rows. Resolves with the rows left (failed ones).
   */
  drain(meter: Meter, max = Number.POSITIVE_INFINITY): Promise<number> {
    if (!this.running) {
      this.running = this.run(meter, max).finally(() => (this.running = undefined));
      return this.running;
    }
    const next = () => {
      this.queued = undefined;
      return this.drain(meter, max);
    };
    this.queued ??= this.running.then(next, next);
    return this.queued;
  }

  private async run(meter: Meter, max: number): Promise<number> {
    if (!this.db.exists) return 0;
    let done = 0;
    let after = '';
    for (;;) {
      const rows = this.db.run(
        meter,
        'SELECT key, topic, target, payload, revision FROM outbox WHERE key > ? ORDER BY key LIMIT ?',
        after,
        Math.min(BATCH, max - done),
      ) as unknown as Row[];
      if (rows.length === 0) break;
      after = rows.at(-1)?.key ?? after;
      await Promise.all(rows.map((row) => this.deliver(meter, row)));
      done += rows.length;
      if (done >= max) break;
    }
    const left = this.pending(meter);
    // Checked and cleared in one turn: a commit after this line arms its own alarm.
    if (left === 0) this.db.storage.deleteAlarm().catch(() => undefined);
    return left;
  }

  /**
   * Not awaited, so it joins the commit's write batch. A failure here means the object's storage is
   * failing; the rows stay, and the next start (`resume`) or write arms the alarm again.
   */
  private arm(at: number): void {
    this.db.storage.setAlarm(at).catch(() => undefined);
  }

  private async deliver(meter: Meter, row: Row): Promise<void> {
    try {
      const deliverer = this.deliverers[row.topic];
      if (!deliverer) throw new Error(`no deliverer for outbox topic ${row.topic}`);
      await deliverer(row.target, JSON.parse(row.payload), meter);
      this.db.run(meter, 'DELETE FROM outbox WHERE key = ? AND revision = ?', row.key, row.revision);
    } catch {
      this.db.run(meter, 'UPDATE outbox SET attempts = attempts + 1 WHERE key = ?', row.key);
    }
  }
}

/**
 * An object store whose writes leave outbox rows: its database (migrated) and its outbox (resumed, so
 * rows a previous instance left are delivered again), opened once in the constructor.
 */
export abstract class OutboxStore {
  protected readonly db: Database;
  protected readonly outbox: Outbox;

  protected constructor(
    storage: DurableObjectStorageLike,
    protected readonly namespaces: Namespaces,
    migrations: readonly Migration[],
    deliverers: Record<string, Deliverer>,
    options: OutboxOptions,
  ) {
    this.db = new Database(storage, migrations);
    this.outbox = new Outbox(this.db, deliverers, options);
    this.outbox.resume(newMeter());
  }
}
