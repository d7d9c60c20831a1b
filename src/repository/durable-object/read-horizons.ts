import type { ReadState } from '../../domain/model.js';
import { LIMITS } from '../../domain/rules.js';
import type { Database, Meter, Migration } from './storage.js';

/**
 * The conversation object's read state: each participant's row in `participants` carries their
 * horizon (`read_message_id`, `read_at`) and an unread counter, so a user's list entry can carry it
 * (`MembershipUpdate.read`) without a count per conversation. The counter is exact up to the cap:
 * recounted (one bounded COUNT over `messages` by primary key) whenever a horizon moves, and grown
 * by one for the others at each post newer than their horizon. Removing a participant deletes the
 * row, so a returning one starts afresh.
 */
export const READ_STATE_MIGRATION: Migration = {
  version: 3,
  name: 'read horizons and unread counters per participant, message authors',
  sql: `
    ALTER TABLE participants ADD COLUMN read_message_id TEXT;
    ALTER TABLE participants ADD COLUMN read_at TEXT;
    ALTER TABLE participants ADD COLUMN unread INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE messages ADD COLUMN author_id TEXT;
    UPDATE messages SET author_id = json_extract(record, '$.authorId');
    UPDATE participants SET unread = (SELECT count(*) FROM (SELECT 1 FROM messages
      WHERE author_id != participants.user_id LIMIT ${LIMITS.unreadCap}));`,
};

/** A participant's read state as the object stores it (the ReadState without its two ids). */
export interface StoredRead {
  lastReadMessageId: string | null;
  readAt: string | null;
  unreadCount: number;
}

export const NO_READ: StoredRead = { lastReadMessageId: null, readAt: null, unreadCount: 0 };

export const readState = (conversationId: string, userId: string, read: StoredRead | null): ReadState => ({
  conversationId,
  userId,
  ...(read ?? NO_READ),
});

const fromRow = (row: Record<string, unknown>): StoredRead => ({
  lastReadMessageId: row.read_message_id === null ? null : String(row.read_message_id),
  readAt: row.read_at === null ? null : String(row.read_at),
  unreadCount: Number(row.unread),
});

/** One participant's row, or `undefined` when `userId` is not a participant. */
export function participantRead(db: Database, meter: Meter, userId: string): StoredRead | undefined {
  const row = db.one(meter, 'SELECT read_message_id, read_at, unread FROM participants WHERE user_id = ?', userId);
  return row ? fromRow(row) : undefined;
}

/** Every participant's row (a conversation has at most `LIMITS.participants`). */
export function participantReads(db: Database, meter: Meter): Map<string, StoredRead> {
  const rows = db.run(meter, 'SELECT user_id, read_message_id, read_at, unread FROM participants');
  return new Map(rows.map((row) => [String(row.user_id), fromRow(row)]));
}

/** Messages by others than `userId` after `horizon`, counted up to the cap (reads at most that many + own). */
function countUnread(db: Database, meter: Meter, userId: string, horizon: string): number {
  const row = db.one(
    meter,
    'SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE id > ? AND author_id != ? LIMIT ?)',
    horizon,
    userId,
    LIMITS.unreadCap,
  );
  return Number(row?.n ?? 0);
}

/**
 * Inside a write: `userId`'s horizon moves to `messageId` (which must be newer), unread recounted
 * unless the caller knows it (`newest`: no message is after it).
 */
export function moveHorizon(
  db: Database,
  meter: Meter,
  userId: string,
  messageId: string,
  at: string,
  newest = false,
): StoredRead {
  const unreadCount = newest ? 0 : countUnread(db, meter, userId, messageId);
  const read = { lastReadMessageId: messageId, readAt: at, unreadCount };
  db.run(
    meter,
    'UPDATE participants SET read_message_id = ?, read_at = ?, unread = ? WHERE user_id = ?',
    messageId,
    at,
    read.unreadCount,
    userId,
  );
  return read;
}

/** Inside a post: one more unread for every other participant whose horizon is before it (up to the cap). */
export function countPosted(db: Database, meter: Meter, authorId: string, messageId: string): void {
  db.run(
    meter,
    `UPDATE participants SET unread = unread + 1
     WHERE user_id != ? AND unread < ? AND (read_message_id IS NULL OR read_message_id < ?)`,
    authorId,
    LIMITS.unreadCap,
    messageId,
  );
}

/** A horizon at or after `messageId` already: marking it read changes nothing. */
export const isRead = (read: StoredRead, messageId: string): boolean =>
  read.lastReadMessageId !== null && messageId <= read.lastReadMessageId;
