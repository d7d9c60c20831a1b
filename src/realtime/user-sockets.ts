import type { Conversation } from '../domain/model.js';
import { Database, type DurableObjectStorageLike, newMeter } from '../repository/durable-object/storage.js';
import { type Change, changeEvents } from './changes.js';
import { type RealtimeEvent, typingEvent } from './events.js';
import { type Bucket, type FrameError, frameError, parseClientFrame, takeToken } from './frames.js';
import type { Refusal } from './hub.js';
import { CLOSE_CODES, REALTIME } from './limits.js';
import type { TicketClaims } from './ticket.js';

/** A hibernatable WebSocket (workerd's), as far as the store uses it. */
export interface HibernatableSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  serializeAttachment(value: unknown): void;
  deserializeAttachment(): unknown;
}

/** What each socket carries across hibernation (`serializeAttachment`): plain numbers only. */
export interface SocketAttachment {
  userId: string;
  tokenExpiresAt: number;
  lastSeen: number;
  typing: Bucket;
}

/** The object's side of the Hibernation API, over structural types (workerd's `ctx` fits). */
export interface SocketHost {
  storage: DurableObjectStorageLike;
  sockets(): HibernatableSocket[];
  /** When the runtime last answered a `{"type":"ping"}` of this socket without waking the object. */
  lastAutoPong(socket: HibernatableSocket): number;
  getConversation(id: string): Promise<Conversation | null>;
  /** Hand `events` to other users' objects (typing). */
  sendTo(userId: string, events: RealtimeEvent[]): Promise<unknown>;
}

const MIGRATIONS = [
  {
    version: 1,
    name: 'used tickets',
    sql: 'CREATE TABLE used_tickets (nonce TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;',
  },
];

// Delivered event keys remembered (in memory) to drop an outbox redelivery; a hibernation forgets
// them, and a duplicate then reaches the client (at least once: clients key events by id and version).
const RECENT = 512;

/**
 * One user's real-time connections, in that user's Durable Object (Workers): admits tickets (single
 * use, recorded in the object's SQLite; the per-user cap), answers frames, receives the events the
 * conversations' outboxes deliver after their commits, and closes sockets whose token expired or
 * that went idle (from the object's alarm). Holds no state the object cannot lose to hibernation.
 */
export class UserSocketsStore {
  private readonly db: Database;
  private readonly recent = new Set<string>();

  constructor(
    private readonly host: SocketHost,
    private readonly now: () => number = Date.now,
  ) {
    this.db = new Database(host.storage, MIGRATIONS);
  }

  /** A refusal, or the attachment for the new socket; the ticket is used up only when admitted. */
  admit(claims: TicketClaims): Refusal | SocketAttachment {
    if (this.host.sockets().length >= REALTIME.connectionsPerUser) {
      return { status: 429, detail: `A user holds at most ${REALTIME.connectionsPerUser} connections.` };
    }
    const meter = newMeter();
    const fresh = this.db.transaction(() => {
      this.db.run(meter, 'DELETE FROM used_tickets WHERE expires_at < ?', this.now());
      if (this.db.one(meter, 'SELECT 1 FROM used_tickets WHERE nonce = ?', claims.nonce)) return false;
      this.db.run(meter, 'INSERT INTO used_tickets VALUES (?, ?)', claims.nonce, claims.expiresAt);
      return true;
    });
    if (!fresh) return { status: 401, detail: 'The ticket is used.' };
    const now = this.now();
    return {
      userId: claims.userId,
      tokenExpiresAt: claims.tokenExpiresAt,
      lastSeen: now,
      typing: { tokens: REALTIME.typingBurst, at: now },
    };
  }

  /** The next time a socket must be checked (token expiry or idle timeout): the object's alarm. */
  nextCheck(): number | null {
    let next = Number.POSITIVE_INFINITY;
    for (const socket of this.host.sockets()) {
      const a = this.attachment(socket);
      if (a) next = Math.min(next, a.tokenExpiresAt, this.seen(socket, a) + REALTIME.idleTimeoutMs);
    }
    return Number.isFinite(next) ? next : null;
  }

  async message(socket: HibernatableSocket, raw: string | ArrayBuffer): Promise<void> {
    const a = this.attachment(socket);
    if (!a) return socket.close(CLOSE_CODES.internalError, 'no session');
    a.lastSeen = this.now();
    const frame = parseClientFrame(raw);
    const answer = (out: FrameError | { type: 'pong' }) => socket.send(JSON.stringify(out));
    if (frame.type !== 'typing') {
      socket.serializeAttachment(a);
      return answer(frame.type === 'ping' ? { type: 'pong' } : frame);
    }
    const allowed = takeToken(a.typing, this.now());
    socket.serializeAttachment(a);
    if (!allowed) return answer(frameError('rate-limited', 'Typing notices: at most one a second.'));
    const conversation = await this.host.getConversation(frame.conversationId).catch(() => null);
    if (!conversation?.participantIds.includes(a.userId)) {
      return answer(frameError('not-participant', 'You are not a participant of that conversation.'));
    }
    const { event, recipients } = typingEvent(
      conversation.id,
      a.userId,
      new Date(this.now()).toISOString(),
      conversation.participantIds,
    );
    await Promise.all(recipients.map((userId) => this.host.sendTo(userId, [event]).catch(() => undefined)));
  }

  /**
   * Committed changes of this user's conversations, in each conversation's commit order: their
   * events for this user go to every socket; a redelivered batch (an outbox retry) sends only what
   * was not sent yet. Answers how many sockets there were (0: none open, dropped — the client
   * catches up by REST when it connects).
   */
  deliver(changes: Change[]): number {
    const userId = this.userId();
    if (userId === undefined) return 0;
    const events = changes.flatMap((change) =>
      changeEvents(change)
        .filter((delivery) => delivery.recipients.includes(userId))
        .map((delivery) => delivery.event),
    );
    return this.send(events);
  }

  /** Events to every socket of this user, each at most once while the object stays awake. */
  send(events: RealtimeEvent[]): number {
    const sockets = this.host.sockets();
    for (const event of events) {
      const key = `${event.type} ${event.conversationId} ${event.id} ${event.version ?? event.at}`;
      if (event.type !== 'typing') {
        if (this.recent.has(key)) continue;
        this.recent.add(key);
        if (this.recent.size > RECENT) this.recent.delete(this.recent.values().next().value as string);
      }
      const text = JSON.stringify(event);
      for (const socket of sockets) {
        try {
          socket.send(text);
        } catch {
          // A socket closing under us: its close handler cleans up.
        }
      }
    }
    return sockets.length;
  }

  /** The alarm: close what is overdue, and say when to look again. */
  sweep(): number | null {
    const now = this.now();
    for (const socket of this.host.sockets()) {
      const a = this.attachment(socket);
      if (!a) continue;
      if (a.tokenExpiresAt <= now) socket.close(CLOSE_CODES.tokenExpired, 'token expired');
      else if (now - this.seen(socket, a) >= REALTIME.idleTimeoutMs) socket.close(CLOSE_CODES.idleTimeout, 'idle');
    }
    return this.nextCheck();
  }

  private userId(): string | undefined {
    for (const socket of this.host.sockets()) {
      const a = this.attachment(socket);
      if (a) return a.userId;
    }
    return undefined;
  }

  private seen(socket: HibernatableSocket, a: SocketAttachment): number {
    return Math.max(a.lastSeen, this.host.lastAutoPong(socket));
  }

  private attachment(socket: HibernatableSocket): SocketAttachment | null {
    return (socket.deserializeAttachment() as SocketAttachment | null) ?? null;
  }
}
