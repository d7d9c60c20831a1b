import type { Attachment, Conversation, Message, ReadState } from '../../domain/model.js';
import type { Change } from '../../realtime/changes.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { IdempotencyCompletion, MarkReadResult, MessagePageRequest, Page } from '../port.js';
import { checkExpected, leaseLost } from '../preconditions.js';
import { type Namespaces, objectOf } from './namespaces.js';
import { type Deliverer, OUTBOX_TABLE, type OutboxOptions, OutboxStore } from './outbox.js';
import {
  countPosted,
  isRead,
  moveHorizon,
  participantRead,
  participantReads,
  READ_STATE_MIGRATION,
  readState,
  type StoredRead,
} from './read-horizons.js';
import { type Reply, measured, reply, unwrap } from './rpc.js';
import { type DurableObjectStorageLike, type Meter, type Migration, newMeter } from './storage.js';

/**
 * The conversation object's schema. Later features append migrations here (read horizons per
 * participant, attachment records, …); `schema_migrations` records which ran.
 */
export const CONVERSATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'conversation, participants, messages, idempotency outcomes and fenced claims, outbox',
    sql: `
      CREATE TABLE conversation (id TEXT PRIMARY KEY, record TEXT NOT NULL, change_seq INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE participants (user_id TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE messages (id TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE idempotency (key TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
      CREATE INDEX idempotency_by_expiry ON idempotency (expires_at);
      CREATE TABLE fenced (key TEXT NOT NULL, token TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (key, token)) WITHOUT ROWID;
      CREATE INDEX fenced_by_expiry ON fenced (expires_at);
      ${OUTBOX_TABLE}`,
  },
  {
    version: 2,
    name: 'attachment records',
    sql: 'CREATE TABLE attachments (id TEXT PRIMARY KEY, record TEXT NOT NULL) WITHOUT ROWID;',
  },
  READ_STATE_MIGRATION,
];

/** Undelivered changes kept per user; older ones are dropped (the client catches up by REST). */
const PENDING_CHANGES = 100;

/**
 * What a user's list receives: the conversation as of change `seq`, or `null` once they left it,
 * and the user's read state in it then (absent in rows queued before read state existed).
 */
export interface MembershipUpdate {
  conversationId: string;
  seq: number;
  conversation: Conversation | null;
  read?: StoredRead;
}

export type Resolution = 'committed' | 'aborted' | 'pending';

/**
 * One conversation, in its own Durable Object's SQLite database. Every write is one synchronous
 * transaction (no `await` inside, so no other call interleaves): the check (`If-Match`, membership,
 * an existing id), the change, the idempotency outcome and the outbox rows that carry the change to
 * every participant's list commit together or not at all. What follows the commit — delivering the
 * outbox — can only be late, never lost.
 */
export class ConversationObjectStore extends OutboxStore {
  constructor(storage: DurableObjectStorageLike, namespaces: Namespaces, options: OutboxOptions = {}) {
    super(storage, namespaces, CONVERSATION_MIGRATIONS, conversationDeliverers(namespaces), options);
  }

  createConversation(conversation: Conversation, completion?: IdempotencyCompletion): Promise<Reply<null>> {
    return this.write(conversation.id, completion, (meter) => {
      if (this.read(meter, conversation.id)) {
        throw new ConflictError(`conversation ${conversation.id} already exists`, 'exists');
      }
      this.db.run(meter, 'INSERT INTO conversation VALUES (?, ?, 1)', conversation.id, JSON.stringify(conversation));
      for (const userId of conversation.participantIds) {
        this.db.run(meter, 'INSERT INTO participants (user_id) VALUES (?)', userId);
      }
      this.announce(meter, conversation, 1, []);
      this.publish(meter, { conversation, before: null });
      return null;
    });
  }

  getConversation(id: string): Promise<Reply<Conversation | null>> {
    return measured((meter) => this.read(meter, id)?.conversation ?? null);
  }

  updateConversation(
    next: Conversation,
    expectedVersion: number,
    completion?: IdempotencyCompletion,
  ): Promise<Reply<null>> {
    return this.write(next.id, completion, (meter) => {
      const stored = this.read(meter, next.id);
      checkExpected(`conversation ${next.id}`, stored?.conversation, expectedVersion);
      if (!stored) return null; // unreachable: checkExpected threw
      const before = stored.conversation;
      // Activity belongs to postMessage: a rename racing a new message must not roll it back.
      const record = { ...next, lastActivityAt: before.lastActivityAt, lastMessageId: before.lastMessageId };
      const removed = before.participantIds.filter((id) => !next.participantIds.includes(id));
      for (const userId of removed) this.db.run(meter, 'DELETE FROM participants WHERE user_id = ?', userId);
      // One added later starts at the last message: the history before they joined is not unread.
      for (const userId of next.participantIds) {
        this.db.run(
          meter,
          'INSERT OR IGNORE INTO participants (user_id, read_message_id, read_at) VALUES (?, ?, ?)',
          userId,
          before.lastMessageId,
          before.lastMessageId === null ? null : next.updatedAt,
        );
      }
      this.save(meter, record, stored.seq + 1);
      this.announce(meter, record, stored.seq + 1, removed);
      this.publish(meter, { conversation: record, before });
      return null;
    });
  }

  postMessage(message: Message, completion?: IdempotencyCompletion): Promise<Reply<Conversation>> {
    return this.write(message.conversationId, completion, (meter) => {
      const stored = this.read(meter, message.conversationId);
      if (!stored) throw new NotFoundError(`conversation ${message.conversationId} not found`);
      const author = participantRead(this.db, meter, message.authorId);
      if (!author) throw new ConflictError(`${message.authorId} is not a participant`, 'not_participant');
      if (this.db.one(meter, 'SELECT 1 FROM messages WHERE id = ?', message.id)) {
        throw new ConflictError(`message ${message.id} already exists`, 'exists');
      }
      this.db.run(
        meter,
        'INSERT INTO messages (id, record, author_id) VALUES (?, ?, ?)',
        message.id,
        JSON.stringify(message),
        message.authorId,
      );
      const conversation = stored.conversation;
      this.publish(meter, { message, before: null, participants: conversation.participantIds });
      // Ids are time-sortable: only a newer message moves the activity forward (the lists still
      // get the new counts).
      const newer = conversation.lastMessageId === null || message.id > conversation.lastMessageId;
      // Sending implies having read what came before; for the others it is one more unread.
      if (!isRead(author, message.id)) {
        moveHorizon(this.db, meter, message.authorId, message.id, message.createdAt, newer);
      }
      countPosted(this.db, meter, message.authorId, message.id);
      const bumped = newer
        ? { ...conversation, lastActivityAt: message.createdAt, lastMessageId: message.id }
        : conversation;
      this.save(meter, bumped, stored.seq + 1);
      this.announce(meter, bumped, stored.seq + 1, []);
      return bumped;
    });
  }

  getMessage(messageId: string): Promise<Reply<Message | null>> {
    return measured((meter) => this.message(meter, messageId));
  }

  updateMessage(next: Message, expectedVersion: number): Promise<Reply<null>> {
    return this.write(next.conversationId, undefined, (meter) => {
      const before = this.message(meter, next.id);
      checkExpected(`message ${next.id}`, before, expectedVersion);
      this.db.run(meter, 'UPDATE messages SET record = ? WHERE id = ?', JSON.stringify(next), next.id);
      const participants = this.namespaces.sockets
        ? this.read(meter, next.conversationId)?.conversation.participantIds
        : [];
      this.publish(meter, { message: next, before, participants: participants ?? [] });
      return null;
    });
  }

  createAttachment(attachment: Attachment, completion?: IdempotencyCompletion): Promise<Reply<null>> {
    return this.write(attachment.conversationId, completion, (meter) => {
      if (this.attachment(meter, attachment.id)) {
        throw new ConflictError(`attachment ${attachment.id} already exists`, 'exists');
      }
      this.db.run(meter, 'INSERT INTO attachments VALUES (?, ?)', attachment.id, JSON.stringify(attachment));
      return null;
    });
  }

  getAttachment(id: string): Promise<Reply<Attachment | null>> {
    return measured((meter) => this.attachment(meter, id));
  }

  updateAttachment(next: Attachment, expectedVersion: number): Promise<Reply<null>> {
    return this.write(next.conversationId, undefined, (meter) => {
      checkExpected(`attachment ${next.id}`, this.attachment(meter, next.id), expectedVersion);
      this.db.run(meter, 'UPDATE attachments SET record = ? WHERE id = ?', JSON.stringify(next), next.id);
      return null;
    });
  }

  /** Newest first; keyset on the primary key (`id < cursor`, `id > after`), `limit + 1` rows read at most. */
  listMessages(page: MessagePageRequest): Promise<Reply<Page<Message>>> {
    return measured((meter) => {
      if (!this.db.exists) return { items: [], cursor: null };
      // With `after` (sync): oldest first from after it, or after the previous page's last id.
      const rows =
        page.after !== undefined
          ? this.db.run(
              meter,
              'SELECT id, record FROM messages WHERE id > ? ORDER BY id ASC LIMIT ?',
              page.cursor ?? page.after,
              page.limit + 1,
            )
          : this.db.run(
              meter,
              'SELECT id, record FROM messages WHERE id < ? ORDER BY id DESC LIMIT ?',
              page.cursor ?? '\u{10ffff}',
              page.limit + 1,
            );
      const items = rows.slice(0, page.limit).map((row) => JSON.parse(String(row.record)) as Message);
      return { items, cursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
    });
  }

  /**
   * `userId`'s horizon forward to `messageId` (a message of this conversation: the route checked),
   * in one transaction with its unread recount, that user's list entry (outbox `membership`) and
   * the `read.updated` change for every participant (outbox `changes`). At or before the stored
   * horizon: nothing written, the stored state answered.
   */
  markRead(conversationId: string, userId: string, messageId: string, at: string): Promise<Reply<MarkReadResult>> {
    return this.write(conversationId, undefined, (meter): MarkReadResult => {
      const stored = this.read(meter, conversationId);
      if (!stored) throw new NotFoundError(`conversation ${conversationId} not found`);
      const current = participantRead(this.db, meter, userId);
      if (!current) throw new ConflictError(`${userId} is not a participant`, 'not_participant');
      if (isRead(current, messageId)) return { state: readState(conversationId, userId, current), moved: false };
      const read = moveHorizon(this.db, meter, userId, messageId, at);
      const { conversation } = stored;
      this.save(meter, conversation, stored.seq + 1);
      this.announce(meter, conversation, stored.seq + 1, [], [userId]);
      const { unreadCount: _, ...shared } = readState(conversationId, userId, read);
      this.publish(meter, { read: shared, participants: conversation.participantIds });
      return { state: readState(conversationId, userId, read), moved: true };
    });
  }

  /** Every current participant's read state, in `participantIds` order (`[]` when there is no conversation). */
  listReadStates(conversationId: string): Promise<Reply<ReadState[]>> {
    return measured((meter) => {
      const stored = this.read(meter, conversationId);
      if (!stored) return [];
      const reads = participantReads(this.db, meter);
      return stored.conversation.participantIds.map((id) => readState(conversationId, id, reads.get(id) ?? null));
    });
  }

  /**
   * Whether the write that holds idempotency `key` under `token` committed here. With `abort`, a
   * write that has not committed never will: a tombstone for its token fences it (its lease lapsed
   * and another request is taking over, or its own request is over).
   */
  resolveIdempotency(key: string, token: string, abort: boolean, expiresAt: number): Promise<Reply<Resolution>> {
    const meter = newMeter();
    return reply(meter, (): Resolution => {
      const committed = this.committedToken(meter, key);
      if (committed !== null) return committed === token ? 'committed' : 'aborted';
      if (this.isFenced(meter, key, token)) return 'aborted';
      if (!abort) return 'pending';
      this.db.transaction(() => {
        this.sweep(meter, 'fenced');
        this.db.run(meter, 'INSERT INTO fenced VALUES (?, ?, ?)', key, token, expiresAt);
      });
      return 'aborted';
    });
  }

  async alarm(): Promise<void> {
    await this.outbox.alarm(newMeter());
  }

  /** Outbox rows not yet delivered (tests and operators). */
  pendingDeliveries(): number {
    return this.outbox.pending(newMeter());
  }

  /** Delivers at most `max` outbox rows now (tests: a drain that stops part-way). */
  deliver(max?: number): Promise<number> {
    return this.outbox.drain(newMeter(), max);
  }

  /**
   * One write: fence the idempotency lease (the key's object agrees this request still holds it),
   * commit `change` with the outcome in one transaction, then deliver the outbox. A refused change
   * hands the lease back (`abandon`), so the request can record its 4xx or release the key.
   */
  private write<T>(
    conversationId: string,
    completion: IdempotencyCompletion | undefined,
    change: (meter: Meter) => T,
  ): Promise<Reply<T>> {
    return measured(async (meter) => {
      const key = completion ? objectOf(this.namespaces, this.namespaces.idempotency, completion.key) : undefined;
      if (completion && key) {
        const prepared = await unwrap('idempotency key', () => key.prepare(completion, conversationId), meter);
        if (!prepared.held) throw leaseLost(completion, prepared.current);
      }
      let result: T;
      try {
        result = this.db.transaction(() => {
          const value = change(meter);
          if (completion) this.recordOutcome(meter, completion);
          return value;
        });
      } catch (error) {
        if (completion && key) {
          await unwrap('idempotency key', () => key.abandon(completion.key, completion.token), meter).catch(
            () => undefined, // the key's object resolves a lapsed lease with resolveIdempotency
          );
        }
        throw error;
      }
      await this.outbox.flush(meter);
      return result;
    });
  }

  /**
   * Inside the write's transaction, the local half of the fence: a key whose write already
   * committed here (under any token), or whose token was fenced off here, refuses the write. Both
   * are point lookups, so the rows they read do not depend on the other keys stored.
   */
  private recordOutcome(meter: Meter, completion: IdempotencyCompletion): void {
    this.sweep(meter, 'idempotency');
    if (this.committedToken(meter, completion.key) !== null || this.isFenced(meter, completion.key, completion.token)) {
      throw leaseLost(completion, null);
    }
    const { key, token, expiresAt } = completion;
    this.db.run(meter, 'INSERT INTO idempotency VALUES (?, ?, ?)', key, token, expiresAt);
  }

  /** Expired outcomes (24 h) and fenced claims go, a few per write. */
  private sweep(meter: Meter, table: 'idempotency' | 'fenced'): void {
    this.db.run(
      meter,
      `DELETE FROM ${table} WHERE (key, token) IN (SELECT key, token FROM ${table} WHERE expires_at < ? LIMIT 16)`,
      Math.floor(Date.now() / 1000),
    );
  }

  private committedToken(meter: Meter, key: string): string | null {
    if (!this.db.exists) return null;
    const row = this.db.one(meter, 'SELECT token FROM idempotency WHERE key = ?', key);
    return row ? String(row.token) : null;
  }

  private isFenced(meter: Meter, key: string, token: string): boolean {
    return (
      this.db.exists && this.db.one(meter, 'SELECT 1 FROM fenced WHERE key = ? AND token = ?', key, token) !== undefined
    );
  }

  private read(meter: Meter, id: string): { conversation: Conversation; seq: number } | null {
    if (!this.db.exists) return null;
    const row = this.db.one(meter, 'SELECT record, change_seq FROM conversation WHERE id = ?', id);
    return row ? { conversation: JSON.parse(String(row.record)) as Conversation, seq: Number(row.change_seq) } : null;
  }

  private save(meter: Meter, conversation: Conversation, seq: number): void {
    this.db.run(
      meter,
      'UPDATE conversation SET record = ?, change_seq = ? WHERE id = ?',
      JSON.stringify(conversation),
      seq,
      conversation.id,
    );
  }

  private attachment(meter: Meter, id: string): Attachment | null {
    if (!this.db.exists) return null;
    const row = this.db.one(meter, 'SELECT record FROM attachments WHERE id = ?', id);
    return row ? (JSON.parse(String(row.record)) as Attachment) : null;
  }

  private message(meter: Meter, id: string): Message | null {
    if (!this.db.exists) return null;
    const row = this.db.one(meter, 'SELECT record FROM messages WHERE id = ?', id);
    return row ? (JSON.parse(String(row.record)) as Message) : null;
  }

  /**
   * Inside the write's transaction: the change joins each recipient's undelivered changes (outbox
   * topic `changes`), so it reaches the user's socket object after the commit, at least once, in this
   * conversation's order; that object derives the events (`changeEvents`). Recipients: the
   * participants, and for a conversation change also those it removed. Without the realtime Worker
   * bound, nothing is added.
   */
  private publish(meter: Meter, change: Change): void {
    if (!this.namespaces.sockets) return;
    const recipients =
      'participants' in change
        ? change.participants
        : new Set([...change.conversation.participantIds, ...(change.before?.participantIds ?? [])]);
    for (const userId of recipients) this.outbox.append(meter, 'changes', userId, [change], PENDING_CHANGES);
  }

  /**
   * Outbox rows: each of `to` (every participant unless said) gets the conversation as of `seq`
   * with their read state in it; `removed` get a tombstone. This is also the hook for what else
   * must follow a commit: add rows here, in the same transaction, under a topic of their own (with
   * a key per event when each must arrive), and its deliverer beside `membership` in the constructor.
   */
  private announce(
    meter: Meter,
    conversation: Conversation,
    seq: number,
    removed: string[],
    to: readonly string[] = conversation.participantIds,
  ): void {
    const reads =
      to.length === 1
        ? new Map([[to[0] as string, participantRead(this.db, meter, to[0] as string)]])
        : participantReads(this.db, meter);
    const send = (userId: string, record: Conversation | null, read?: StoredRead) =>
      this.outbox.add(meter, 'membership', userId, {
        conversationId: conversation.id,
        seq,
        conversation: record,
        ...(read ? { read } : {}),
      } satisfies MembershipUpdate);
    for (const userId of to) send(userId, conversation, reads.get(userId));
    for (const userId of removed) send(userId, null);
  }
}

/** Where a conversation's outbox rows go: each participant's list entry, and their sockets' changes. */
function conversationDeliverers(namespaces: Namespaces): Record<string, Deliverer> {
  return {
    membership: async (userId, update, meter) => {
      const user = objectOf(namespaces, namespaces.users, userId);
      await unwrap(`user ${userId}`, () => user.applyMembership(update as MembershipUpdate), meter);
    },
    // Real-time: one row per user holding the changes not yet delivered to them, in commit order.
    changes: async (userId, changes, meter) => {
      if (!namespaces.sockets) return; // the realtime Worker was unbound since: nothing to deliver to
      meter.calls += 1;
      await objectOf(namespaces, namespaces.sockets, userId).deliver(changes as Change[]);
    },
  };
}
