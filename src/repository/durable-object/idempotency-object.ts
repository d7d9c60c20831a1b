import type {
  ClaimResult,
  IdempotencyClaim,
  IdempotencyCompletion,
  IdempotencyRecord,
  StoredResponse,
} from '../port.js';
import { idempotencyRecordHolds } from '../preconditions.js';
import { tokenOf } from './fence.js';
import { type Namespaces, objectOf } from './namespaces.js';
import { type Reply, reply, unwrap } from './rpc.js';
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
  /** `committing`: a write holding this token is committing in conversation `target`. */
  state: 'in_progress' | 'committing' | 'completed';
  token: string;
  target: string | null;
  response: string | null;
  expires_at: number;
  locked_until: number;
}

/**
 * One `Idempotency-Key`: the claim, fenced by a token. A write that records its outcome in a
 * conversation first turns the claim into `committing` here (only if it still holds the token),
 * then commits in the conversation together with its outcome. Whoever next finds `committing`
 * asks the conversation how it ended (`resolveIdempotency`); once the lease has lapsed that answer
 * is final (an uncommitted write is fenced off there), so a stalled request can never commit after
 * another one took the key over. The object deletes itself when the record expires (24 h).
 */
export class IdempotencyObjectStore {
  private readonly db: Database;

  constructor(
    storage: DurableObjectStorageLike,
    private readonly namespaces: Namespaces,
  ) {
    this.db = new Database(storage, IDEMPOTENCY_MIGRATIONS);
  }

  claim(claim: IdempotencyClaim): Promise<Reply<ClaimResult & { token?: string }>> {
    const meter = newMeter();
    return reply(meter, async () => {
      for (;;) {
        let row = this.read(meter, claim.key);
        if (row?.state === 'committing' && row.expires_at >= claim.now) {
          row = await this.settle(meter, row, row.locked_until < claim.now);
          if (!row) continue; // changed while we asked: look again
        }
        const existing = row ? toRecord(row) : null;
        if (existing && idempotencyRecordHolds(existing, claim.now)) return { claimed: false, existing };
        const token = crypto.randomUUID();
        this.db.transaction(() =>
          this.db.run(
            meter,
            "INSERT OR REPLACE INTO record VALUES (?, ?, 'in_progress', ?, NULL, NULL, ?, ?)",
            claim.key,
            claim.fingerprint,
            token,
            claim.expiresAt,
            claim.lockedUntil,
          ),
        );
        void this.db.storage.setAlarm(claim.expiresAt * 1000 + 1000);
        return { claimed: true, token };
      }
    });
  }

  /** Only the holder's completion counts: true when recorded. */
  complete(completion: IdempotencyCompletion): Promise<Reply<boolean>> {
    const meter = newMeter();
    return reply(meter, async () => {
      const row = await this.held(meter, completion.key, tokenOf(completion));
      if (!row) return false;
      this.finish(meter, row.key, completion.fingerprint, completion.response, completion.expiresAt);
      return true;
    });
  }

  /** Drops the holder's in-progress claim; a completed record (or another holder's) stays. */
  release(key: string, token: string): Promise<Reply<boolean>> {
    const meter = newMeter();
    return reply(meter, async () => {
      const row = await this.held(meter, key, token);
      if (!row) return false;
      this.db.transaction(() => this.db.run(meter, 'DELETE FROM record WHERE key = ?', key));
      return true;
    });
  }

  /**
   * Before a write commits its outcome in conversation `target`: the holder's token if the caller
   * still holds the key (the write records it with its outcome), else null.
   */
  prepare(completion: IdempotencyCompletion, target: string): Promise<Reply<string | null>> {
    const meter = newMeter();
    return reply(meter, () => {
      const row = this.read(meter, completion.key);
      if (row?.state !== 'in_progress' || !matches(row, tokenOf(completion))) return null;
      this.db.transaction(() =>
        this.db.run(
          meter,
          "UPDATE record SET state = 'committing', target = ?, response = ? WHERE key = ?",
          target,
          JSON.stringify(completion.response),
          completion.key,
        ),
      );
      return row.token;
    });
  }

  /** The write `prepare`d for refused to commit: the claim is in progress again. */
  abandon(key: string, token: string): Promise<Reply<null>> {
    const meter = newMeter();
    return reply(meter, () => {
      const row = this.read(meter, key);
      if (row?.state !== 'committing' || !matches(row, token)) return null;
      this.db.transaction(() =>
        this.db.run(
          meter,
          "UPDATE record SET state = 'in_progress', target = NULL, response = NULL WHERE key = ?",
          key,
        ),
      );
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
   * The record if `token` holds it (in progress, or committing — then settled with the
   * conversation first, finally, since the holder itself is asking).
   */
  private async held(meter: Meter, key: string, token: string): Promise<Row | null> {
    for (;;) {
      const row = this.read(meter, key);
      if (!row || row.state === 'completed' || !matches(row, token)) return null;
      if (row.state === 'in_progress') return row;
      const settled = await this.settle(meter, row, true);
      if (settled) return settled.state === 'completed' ? null : settled;
    }
  }

  /**
   * Asks the conversation how the `committing` write ended: committed → completed here; aborted →
   * back in progress (with `final`, the conversation fenced the write off first). Null when the
   * record changed meanwhile.
   */
  private async settle(meter: Meter, row: Row, final: boolean): Promise<Row | null> {
    const conversation = objectOf(this.namespaces, this.namespaces.conversations, row.target ?? '');
    const outcome = await unwrap(
      'conversation',
      () => conversation.resolveIdempotency(row.key, row.token, final, row.expires_at),
      meter,
    );
    const now = this.read(meter, row.key);
    if (now?.state !== 'committing' || now.token !== row.token) return null;
    if (outcome === 'committed') {
      this.finish(meter, row.key, row.fingerprint, JSON.parse(row.response ?? 'null'), row.expires_at);
    } else if (outcome === 'aborted') {
      this.db.transaction(() =>
        this.db.run(
          meter,
          "UPDATE record SET state = 'in_progress', target = NULL, response = NULL WHERE key = ?",
          row.key,
        ),
      );
    }
    return this.read(meter, row.key);
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

/** A caller without a token (a port that does not fence) matches any holder. */
const matches = (row: Row, token: string) => token === '' || row.token === token;

function toRecord(row: Row): IdempotencyRecord {
  return {
    key: row.key,
    fingerprint: row.fingerprint,
    state: row.state === 'completed' ? 'completed' : 'in_progress',
    response: row.state === 'completed' && row.response ? (JSON.parse(row.response) as StoredResponse) : null,
    expiresAt: row.expires_at,
    lockedUntil: row.locked_until,
  };
}
