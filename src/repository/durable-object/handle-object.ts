import { type Namespaces, objectOf } from './namespaces.js';
import { type Reply, measured, unwrap } from './rpc.js';
import { Database, type DurableObjectStorageLike, type Meter, type Migration } from './storage.js';

export const HANDLE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'owner',
    sql: 'CREATE TABLE owner (handle TEXT PRIMARY KEY, user_id TEXT NOT NULL) WITHOUT ROWID;',
  },
];

/**
 * One handle: which user owns it. The single place that decides between users racing for a handle
 * (an object runs one call's synchronous code at a time). Ownership passes to someone else only
 * after the current owner's object says it neither has the handle nor is committing it.
 */
export class HandleObjectStore {
  private readonly db: Database;

  constructor(
    storage: DurableObjectStorageLike,
    private readonly namespaces: Namespaces,
  ) {
    this.db = new Database(storage, HANDLE_MIGRATIONS);
  }

  owner(handle: string): Promise<Reply<string | null>> {
    return measured((meter) => this.read(meter, handle));
  }

  /** True when `userId` now owns `handle`; false when another user has (or is committing) it. */
  claim(handle: string, userId: string): Promise<Reply<boolean>> {
    return measured(async (meter) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = this.read(meter, handle);
        if (current !== null && current !== userId) {
          if ((await this.statusOf(meter, current, handle)) !== 'free') return false;
          // Other claims ran while we asked: decide again on what is stored now.
          if (this.read(meter, handle) !== current) continue;
        }
        this.db.transaction(() => this.db.run(meter, 'INSERT OR REPLACE INTO owner VALUES (?, ?)', handle, userId));
        return true;
      }
      return false;
    });
  }

  /** From a user's outbox: give the handle up if `userId` owns it and no longer has or reserves it. */
  release(handle: string, userId: string): Promise<Reply<null>> {
    return measured(async (meter) => {
      if (this.read(meter, handle) !== userId) return null;
      if ((await this.statusOf(meter, userId, handle)) !== 'free') return null;
      this.db.transaction(() =>
        this.db.run(meter, 'DELETE FROM owner WHERE handle = ? AND user_id = ?', handle, userId),
      );
      return null;
    });
  }

  private read(meter: Meter, handle: string): string | null {
    if (!this.db.exists) return null;
    const row = this.db.one(meter, 'SELECT user_id FROM owner WHERE handle = ?', handle);
    return row ? String(row.user_id) : null;
  }

  private statusOf(meter: Meter, userId: string, handle: string) {
    const user = objectOf(this.namespaces, this.namespaces.users, userId);
    return unwrap(`user ${userId}`, () => user.handleStatus(userId, handle), meter);
  }
}
