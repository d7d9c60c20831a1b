import type { Conversation, ReadState, User } from '../../domain/model.js';
import { ConflictError, StoreUnavailableError } from '../errors.js';
import type { ConversationPage, ExpectedVersion, PageRequest } from '../port.js';
import { checkExpected } from '../preconditions.js';
import type { MembershipUpdate } from './conversation-object.js';
import { type Namespaces, objectOf } from './namespaces.js';
import { type Deliverer, OUTBOX_TABLE, type OutboxOptions, OutboxStore } from './outbox.js';
import { readState, type StoredRead } from './read-horizons.js';
import { type Reply, measured, reply, unwrap } from './rpc.js';
import { type DurableObjectStorageLike, type Meter, type Migration, newMeter } from './storage.js';

export const USER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'profile, handle reservations, conversation list, outbox',
    sql: `
      CREATE TABLE profile (id TEXT PRIMARY KEY, handle TEXT NOT NULL, record TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE reservations (handle TEXT NOT NULL, token TEXT NOT NULL, deadline INTEGER NOT NULL, PRIMARY KEY (handle, token)) WITHOUT ROWID;
      CREATE TABLE memberships (conversation_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, active INTEGER NOT NULL, last_activity_at TEXT NOT NULL, record TEXT NOT NULL) WITHOUT ROWID;
      CREATE INDEX memberships_by_activity ON memberships (last_activity_at DESC, conversation_id DESC) WHERE active = 1;
      ${OUTBOX_TABLE}`,
  },
  {
    version: 2,
    name: "the user's read state in each listed conversation (JSON, as its conversation last announced it)",
    sql: 'ALTER TABLE memberships ADD COLUMN read TEXT;',
  },
];

/** How long a profile write may take between reserving a new handle and committing the profile. */
export const HANDLE_RESERVATION_MS = 10_000;

export type HandleStatus = 'held' | 'reserved' | 'free';

/**
 * One user: the profile, and "my conversations by last activity" — a copy of each conversation the
 * user is in, as its object last announced it (`MembershipUpdate`, applied only if newer by `seq`,
 * so a late or repeated delivery changes nothing). The list is therefore behind the conversation by
 * the time a delivery takes (normally none: the writer waits for it), never by a lost update.
 *
 * Handles are unique through the handle objects: a new handle is reserved here first, claimed from
 * its handle object, then committed with the profile before the reservation's deadline (checked on
 * this object's clock). A handle object asks the current owner (`handleStatus`) before giving the
 * handle to anyone else, so a crash between the steps leaves a claim that lapses, never two owners.
 */
export class UserObjectStore extends OutboxStore {
  constructor(storage: DurableObjectStorageLike, namespaces: Namespaces, options: OutboxOptions = {}) {
    super(storage, namespaces, USER_MIGRATIONS, userDeliverers(namespaces), options);
  }

  getUser(id: string): Promise<Reply<User | null>> {
    return measured((meter) => this.profile(meter, id));
  }

  saveUser(user: User, expected: ExpectedVersion): Promise<Reply<null>> {
    return measured(async (meter) => {
      const stored = this.profile(meter, user.id);
      checkExpected(`user ${user.id}`, stored, expected);
      if (stored?.handle === user.handle) {
        // Nothing awaited since the check: the write is atomic with it.
        this.db.transaction(() => this.writeProfile(meter, user));
        return null;
      }
      const token = crypto.randomUUID();
      const deadline = Date.now() + HANDLE_RESERVATION_MS;
      this.db.transaction(() =>
        this.db.run(meter, 'INSERT INTO reservations VALUES (?, ?, ?)', user.handle, token, deadline),
      );
      try {
        const handles = this.namespaces.handles;
        const owner = objectOf(this.namespaces, handles, user.handle);
        const claimed = await unwrap(`handle ${user.handle}`, () => owner.claim(user.handle, user.id), meter);
        if (!claimed) throw new ConflictError(`handle ${user.handle} is taken`, 'handle_taken');
        this.db.transaction(() => {
          this.unreserve(meter, user.handle, token);
          if (Date.now() > deadline) throw new StoreUnavailableError(`handle ${user.handle} reservation lapsed`);
          const current = this.profile(meter, user.id);
          checkExpected(`user ${user.id}`, current, expected);
          this.writeProfile(meter, user);
          if (current && current.handle !== user.handle) {
            this.outbox.add(meter, 'handle-release', current.handle, user.id);
          }
        });
      } catch (error) {
        // The claim may or may not have reached the handle object; a release re-checks with this
        // object (`handleStatus`) and gives the handle up only if no profile or reservation has it.
        this.db.transaction(() => {
          this.unreserve(meter, user.handle, token);
          this.outbox.add(meter, 'handle-release', user.handle, user.id);
        });
        await this.outbox.flush(meter);
        throw error;
      }
      await this.outbox.flush(meter);
      return null;
    });
  }

  deleteUser(id: string, expectedVersion: number): Promise<Reply<null>> {
    return measured(async (meter) => {
      this.db.transaction(() => {
        const stored = this.profile(meter, id);
        checkExpected(`user ${id}`, stored, expectedVersion);
        this.db.run(meter, 'DELETE FROM profile WHERE id = ?', id);
        if (stored) this.outbox.add(meter, 'handle-release', stored.handle, id);
      });
      await this.outbox.flush(meter);
      return null;
    });
  }

  /** Whether user `id`'s profile has `handle`, or a profile write in flight reserved it. */
  handleStatus(id: string, handle: string): Promise<Reply<HandleStatus>> {
    const meter = newMeter();
    return reply(meter, (): HandleStatus => {
      if (!this.db.exists) return 'free';
      if (this.profile(meter, id)?.handle === handle) return 'held';
      const now = Date.now();
      const live = this.db.one(meter, 'SELECT 1 FROM reservations WHERE handle = ? AND deadline >= ?', handle, now);
      return live ? 'reserved' : 'free';
    });
  }

  /**
   * Most recent activity first, each with `userId`'s read state from the same row; keyset cursor
   * `<lastActivityAt>|<conversationId>` on the partial index.
   */
  listConversations(userId: string, page: PageRequest): Promise<Reply<ConversationPage>> {
    return measured((meter) => {
      if (!this.db.exists) return { items: [], cursor: null, readStates: [] };
      const [activity = '\u{10ffff}', id = ''] = page.cursor?.split('|') ?? [];
      const rows = this.db.run(
        meter,
        `SELECT record, read FROM memberships WHERE active = 1 AND (last_activity_at, conversation_id) < (?, ?)
         ORDER BY last_activity_at DESC, conversation_id DESC LIMIT ?`,
        activity,
        id,
        page.limit + 1,
      );
      const kept = rows.slice(0, page.limit);
      const items = kept.map((row) => JSON.parse(String(row.record)) as Conversation);
      const readStates = kept.map((row, i) => readState(items[i]?.id ?? '', userId, storedRead(row.read)));
      const last = items.at(-1);
      return {
        items,
        cursor: rows.length > page.limit && last ? `${last.lastActivityAt}|${last.id}` : null,
        readStates,
      };
    });
  }

  /** `userId`'s read state in each conversation, from the list (null/0 where the user is not in it). */
  readStates(userId: string, conversationIds: string[]): Promise<Reply<ReadState[]>> {
    return measured((meter) =>
      conversationIds.map((id) => {
        const row = this.db.exists
          ? this.db.one(meter, 'SELECT read FROM memberships WHERE conversation_id = ? AND active = 1', id)
          : undefined;
        return readState(id, userId, storedRead(row?.read));
      }),
    );
  }

  /** An idempotent upsert from a conversation's outbox: kept only if newer than what is stored. */
  applyMembership(update: MembershipUpdate): Promise<Reply<null>> {
    return measured((meter) => {
      const { conversationId, seq, conversation, read } = update;
      this.db.transaction(() =>
        this.db.run(
          meter,
          `INSERT INTO memberships VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (conversation_id) DO UPDATE SET seq = excluded.seq, active = excluded.active,
             last_activity_at = excluded.last_activity_at, record = excluded.record, read = excluded.read
           WHERE excluded.seq > memberships.seq`,
          conversationId,
          seq,
          conversation ? 1 : 0,
          conversation?.lastActivityAt ?? '',
          conversation ? JSON.stringify(conversation) : '',
          read ? JSON.stringify(read) : null,
        ),
      );
      return null;
    });
  }

  async alarm(): Promise<void> {
    await this.outbox.alarm(newMeter());
  }

  pendingDeliveries(): number {
    return this.outbox.pending(newMeter());
  }

  private profile(meter: Meter, id: string): User | null {
    if (!this.db.exists) return null;
    const row = this.db.one(meter, 'SELECT record FROM profile WHERE id = ?', id);
    return row ? (JSON.parse(String(row.record)) as User) : null;
  }

  private writeProfile(meter: Meter, user: User): void {
    this.db.run(meter, 'INSERT OR REPLACE INTO profile VALUES (?, ?, ?)', user.id, user.handle, JSON.stringify(user));
  }

  /** Drops this write's reservation, and any of the same handle that lapsed (a crashed write's). */
  private unreserve(meter: Meter, handle: string, token: string): void {
    this.db.run(
      meter,
      'DELETE FROM reservations WHERE handle = ? AND (token = ? OR deadline < ?)',
      handle,
      token,
      Date.now(),
    );
  }
}

/** A list row's read state; `null` in rows written before read state existed (until the next change). */
const storedRead = (value: unknown): StoredRead | null =>
  typeof value === 'string' ? (JSON.parse(value) as StoredRead) : null;

/** Where a user's outbox rows go: the handle objects whose handle the user gave up. */
function userDeliverers(namespaces: Namespaces): Record<string, Deliverer> {
  return {
    'handle-release': async (handle, userId, meter) => {
      const owner = objectOf(namespaces, namespaces.handles, handle);
      await unwrap(`handle ${handle}`, () => owner.release(handle, userId as string), meter);
    },
  };
}
