import type { IdempotencyLeaseLostError } from '../errors.js';
import type {
  ClaimResult,
  IdempotencyClaim,
  IdempotencyCompletion,
  IdempotencyRecord,
  StoredResponse,
} from '../port.js';
import { idempotencyRecordHolds, leaseLost } from '../preconditions.js';
import { type Namespaces, objectOf } from './namespaces.js';
import { type Reply, measured, reply, unwrap } from './rpc.js';
import { Database, type DurableObjectStorageLike, type Meter, type Migration, newMeter } from './storage.js';

export const IDEMPOTENCY_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'record',
    sql: `CREATE TABLE record (key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, state TEXT NOT NULL, token TEXT NOT NULL,
      target TEXT, response TEXT, expires_at INTEGER NOT NULL, locked_until INTEGER NOT NULL) WITHOUT ROWID;`,
  },
];

interface Row {
  key: string;
  fingerprint: string;
  /** `committing`: the holder's write is committing its outcome (`response`) in conversation `target`. */
  state: 'in_progress' | 'committing' | 'completed';
  token: string;
  target: string | null;
  response: string | null;
  expires_at: number;
  locked_until: number;
}

/** What `prepare` answers: the key is held (the write may commit), or what holds it now. */
export type Preparation = { held: true } | { held: false; current: IdempotencyRecord | null };

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * One `Idempotency-Key`: the claim, fenced by the claim's token. A write that records its outcome
 * in a conversation first turns the claim into `committing` here (`prepare`: only if it still holds
 * the token), then commits in the conversation together with its outcome (and its token). Whoever
 * next finds `committing` asks the conversation how it ended (`resolveIdempotency`); once the lease
 * has lapsed that answer is final (an uncommitted write is fenced off there first), so a stalled
 * request can never commit after another one took the key over, and a committed write is never
 * forgotten. The object deletes itself when the record expires (24 h).
 */
export class IdempotencyObjectStore {
  private readonly db: Database;

  constructor(
    storage: DurableObjectStorageLike,
    private readonly namespaces: Namespaces,
  ) {
    this.db = new Database(storage, IDEMPOTENCY_MIGRATIONS);
  }

  claim(claim: IdempotencyClaim): Promise<Reply<ClaimResult>> {
    const meter = newMeter();
    return reply(meter, async (): Promise<ClaimResult> => {
      const row = await this.current(meter, claim.key, claim.now);
      const existing = row ? toRecord(row) : null;
      if (existing && idempotencyRecordHolds(existing, claim.now)) return { claimed: false, existing };
      this.db.transaction(() =>
        this.db.run(
          meter,
          "INSERT OR REPLACE INTO record VALUES (?, ?, 'in_progress', ?, NULL, NULL, ?, ?)",
          claim.key,
          claim.fingerprint,
          claim.token,
          claim.expiresAt,
          claim.lockedUntil,
        ),
      );
      this.db.storage.setAlarm(claim.expiresAt * 1000 + 1000).catch(() => undefined); // joins the claim's write
      return { claimed: true };
    });
  }

  /** Only the holder's completion counts; the same completion again finds it done. */
  complete(completion: IdempotencyCompletion): Promise<Reply<null>> {
    return measured(async (meter) => {
      const row = await this.current(meter, completion.key, nowSeconds(), completion.token);
      if (row?.state === 'completed' && row.token === completion.token) return null;
      if (row?.state !== 'in_progress' || row.token !== completion.token) throw this.lost(completion, row);
      this.finish(meter, row.key, completion.fingerprint, completion.response, completion.expiresAt);
      return null;
    });
  }

  /** Drops the holder's in-progress claim; anything else stays as it is. */
  release(key: string, token: string): Promise<Reply<null>> {
    return measured(async (meter) => {
      const row = await this.current(meter, key, nowSeconds(), token);
      if (row?.state !== 'in_progress' || row.token !== token) return null;
      this.db.transaction(() => this.db.run(meter, 'DELETE FROM record WHERE key = ? AND token = ?', key, token));
      return null;
    });
  }

  /** Before a write commits `completion` in conversation `target`: whether the caller still holds the key. */
  prepare(completion: IdempotencyCompletion, target: string): Promise<Reply<Preparation>> {
    const meter = newMeter();
    return reply(meter, async (): Promise<Preparation> => {
      const row = this.read(meter, completion.key);
      if (row?.state === 'in_progress' && row.token === completion.token) {
        this.db.transaction(() =>
          this.db.run(
            meter,
            "UPDATE record SET state = 'committing', target = ?, response = ? WHERE key = ?",
            target,
            JSON.stringify(completion.response),
            completion.key,
          ),
        );
        return { held: true };
      }
      const now = await this.current(meter, completion.key, nowSeconds());
      return { held: false, current: now ? toRecord(now) : null };
    });
  }

  /** The write `prepare`d for refused to commit (nothing was written): the claim is in progress again. */
  abandon(key: string, token: string): Promise<Reply<null>> {
    return measured((meter) => {
      const row = this.read(meter, key);
      if (row?.state === 'committing' && row.token === token) this.reopen(meter, key);
      return null;
    });
  }

  /** At expiry: the record is gone and the object holds nothing. */
  async alarm(): Promise<void> {
    const row = this.read(newMeter(), null);
    if (row && row.expires_at * 1000 >= Date.now()) await this.db.storage.setAlarm(row.expires_at * 1000 + 1000);
    else await this.db.storage.deleteAll();
  }

  /**
   * The record as it stands, a `committing` one settled with its conversation first: finally when
   * the lease has lapsed at `now` or the holder (`holder`, its own write over) is asking, else only
   * if the write has already committed.
   */
  private async current(meter: Meter, key: string, now: number, holder?: string): Promise<Row | null> {
    for (let attempt = 0; ; attempt++) {
      const row = this.read(meter, key);
      if (row?.state !== 'committing' || row.expires_at < now) return row;
      const final = row.locked_until < now || row.token === holder;
      const conversation = objectOf(this.namespaces, this.namespaces.conversations, row.target ?? '');
      const outcome = await unwrap(
        'conversation',
        () => conversation.resolveIdempotency(row.key, row.token, final, row.expires_at),
        meter,
      );
      const after = this.read(meter, key);
      // Changed while we asked (another call settled it): look again.
      if (after?.state !== 'committing' || after.token !== row.token) {
        if (attempt < 3) continue;
        return after;
      }
      if (outcome === 'committed') {
        this.finish(meter, key, row.fingerprint, JSON.parse(row.response ?? 'null') as StoredResponse, row.expires_at);
      } else if (outcome === 'aborted') {
        this.reopen(meter, key);
      }
      return this.read(meter, key);
    }
  }

  private lost(completion: IdempotencyCompletion, row: Row | null): IdempotencyLeaseLostError {
    return leaseLost(completion, row ? toRecord(row) : null);
  }

  private reopen(meter: Meter, key: string): void {
    this.db.transaction(() =>
      this.db.run(meter, "UPDATE record SET state = 'in_progress', target = NULL, response = NULL WHERE key = ?", key),
    );
  }

  private finish(meter: Meter, key: string, fingerprint: string, response: StoredResponse, expiresAt: number): void {
    this.db.transaction(() =>
      this.db.run(
        meter,
        "UPDATE record SET state = 'completed', fingerprint = ?, response = ?, expires_at = ?, target = NULL WHERE key = ?",
        fingerprint,
        JSON.stringify(response),
        expiresAt,
        key,
      ),
    );
  }

  /** The one record (by key; `null` reads whichever is stored, for the alarm). */
  private read(meter: Meter, key: string | null): Row | null {
    if (!this.db.exists) return null;
    const row =
      key === null
        ? this.db.one(meter, 'SELECT * FROM record LIMIT 1')
        : this.db.one(meter, 'SELECT * FROM record WHERE key = ?', key);
    return (row as unknown as Row | undefined) ?? null;
  }
}

/** The port's view: `committing` is still in progress until its conversation says otherwise. */
function toRecord(row: Row): IdempotencyRecord {
  return {
    key: row.key,
    fingerprint: row.fingerprint,
    token: row.token,
    state: row.state === 'completed' ? 'completed' : 'in_progress',
    response: row.state === 'completed' && row.response ? (JSON.parse(row.response) as StoredResponse) : null,
    expiresAt: row.expires_at,
    lockedUntil: row.locked_until,
  };
}
