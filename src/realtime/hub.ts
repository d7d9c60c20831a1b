import type { Conversation } from '../domain/model.js';
import type { Delivery } from './events.js';
import { typingEvent } from './events.js';
import { type Bucket, type FrameError, frameError, parseClientFrame, takeToken } from './frames.js';
import { CLOSE_CODES, REALTIME } from './limits.js';
import { createNonceStore, type TicketClaims, TicketError, type TicketOpener } from './ticket.js';

/** The little of a WebSocket the core uses, so `ws`, workerd's and a test's socket all fit. */
export interface RealtimeSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Bytes queued and not yet written to the network. */
  readonly bufferedAmount: number;
}

export interface Connection {
  userId: string;
  socket: RealtimeSocket;
  tokenExpiresAt: number;
  /** Epoch ms of the last frame (or pong) received. */
  lastSeen: number;
  typing: Bucket;
}

/** The open connections of a process or object, by user. */
export interface ConnectionRegistry {
  add(connection: Connection): void;
  remove(connection: Connection): void;
  ofUser(userId: string): readonly Connection[];
  all(): Iterable<Connection>;
}

export function createMemoryRegistry(): ConnectionRegistry {
  const byUser = new Map<string, Connection[]>();
  return {
    add(connection) {
      byUser.set(connection.userId, [...(byUser.get(connection.userId) ?? []), connection]);
    },
    remove(connection) {
      const left = (byUser.get(connection.userId) ?? []).filter((c) => c !== connection);
      if (left.length === 0) byUser.delete(connection.userId);
      else byUser.set(connection.userId, left);
    },
    ofUser: (userId) => byUser.get(userId) ?? [],
    *all() {
      for (const list of byUser.values()) yield* list;
    },
  };
}

/** A handshake the hub refused: answered as an HTTP problem before the upgrade. */
export interface Refusal {
  status: 401 | 429;
  detail: string;
}

export interface HubDeps {
  tickets: TicketOpener;
  /** The conversation, for typing membership checks. */
  getConversation(id: string): Promise<Conversation | null>;
  now(): number;
  registry?: ConnectionRegistry;
}

/**
 * Sends `text` unless the client has stopped reading: past `REALTIME.sendBufferBytes` queued the
 * connection is closed (`slow-consumer`) instead of buffering without bound.
 */
export function sendTo(connection: Connection, text: string): boolean {
  if (connection.socket.bufferedAmount + text.length > REALTIME.sendBufferBytes) {
    connection.socket.close(CLOSE_CODES.slowConsumer, 'slow consumer');
    return false;
  }
  connection.socket.send(text);
  return true;
}

/** Why a connection must close now, if it must: its token expired or it has been idle too long. */
export function overdue(connection: Connection, now: number): { code: number; reason: string } | undefined {
  if (connection.tokenExpiresAt <= now) return { code: CLOSE_CODES.tokenExpired, reason: 'token expired' };
  if (now - connection.lastSeen >= REALTIME.idleTimeoutMs) return { code: CLOSE_CODES.idleTimeout, reason: 'idle' };
  return undefined;
}

/**
 * In-process fan-out (Node, Greengrass): accepts tickets (single use, per user cap), relays typing,
 * answers pings, and delivers the events of committed writes to the participants' connections.
 * Frames the hub refuses get an error frame; nothing a client sends throws out of `receive`.
 */
export function createHub(deps: HubDeps) {
  const registry = deps.registry ?? createMemoryRegistry();
  const nonces = createNonceStore(deps.now);
  const reply = (connection: Connection, frame: FrameError | { type: 'pong' }) =>
    sendTo(connection, JSON.stringify(frame));

  return {
    registry,
    /** Check a ticket and the user's cap; the ticket is used up only when it is accepted. */
    async accept(ticket: string): Promise<TicketClaims | Refusal> {
      let claims: TicketClaims;
      try {
        claims = await deps.tickets.open(ticket, deps.now());
      } catch (error) {
        if (error instanceof TicketError) return { status: 401, detail: error.message };
        throw error;
      }
      if (registry.ofUser(claims.userId).length >= REALTIME.connectionsPerUser) {
        return { status: 429, detail: `A user holds at most ${REALTIME.connectionsPerUser} connections.` };
      }
      if (!nonces.claim(claims.nonce, claims.expiresAt))
        return { status: 401, detail: new TicketError('used').message };
      return claims;
    },
    attach(claims: TicketClaims, socket: RealtimeSocket): Connection {
      const now = deps.now();
      const connection: Connection = {
        userId: claims.userId,
        socket,
        tokenExpiresAt: claims.tokenExpiresAt,
        lastSeen: now,
        typing: { tokens: REALTIME.typingBurst, at: now },
      };
      registry.add(connection);
      return connection;
    },
    detach(connection: Connection): void {
      registry.remove(connection);
    },
    /** A pong or any frame: the connection is alive. */
    seen(connection: Connection): void {
      connection.lastSeen = deps.now();
    },
    async receive(connection: Connection, raw: string | ArrayBuffer | Uint8Array): Promise<void> {
      connection.lastSeen = deps.now();
      const frame = parseClientFrame(raw);
      if (frame.type === 'error') return void reply(connection, frame);
      if (frame.type === 'ping') return void reply(connection, { type: 'pong' });
      if (!takeToken(connection.typing, deps.now())) {
        return void reply(connection, frameError('rate-limited', 'Typing notices: at most one a second.'));
      }
      const conversation = await deps.getConversation(frame.conversationId).catch(() => null);
      if (!conversation?.participantIds.includes(connection.userId)) {
        return void reply(connection, frameError('not-participant', 'You are not a participant of that conversation.'));
      }
      const at = new Date(deps.now()).toISOString();
      this.publish([typingEvent(conversation.id, connection.userId, at, conversation.participantIds)]);
    },
    publish(deliveries: Delivery[]): void {
      for (const { event, recipients } of deliveries) {
        const text = JSON.stringify(event);
        for (const userId of new Set(recipients))
          for (const connection of registry.ofUser(userId)) sendTo(connection, text);
      }
    },
    /** Close what is overdue (token expired, idle); run every `REALTIME.heartbeatMs`. */
    sweep(): void {
      const now = deps.now();
      for (const connection of [...registry.all()]) {
        const why = overdue(connection, now);
        if (why) {
          registry.remove(connection);
          connection.socket.close(why.code, why.reason);
        }
      }
    },
    /** Going away (shutdown): close every connection with 1001. */
    closeAll(): void {
      for (const connection of [...registry.all()]) {
        registry.remove(connection);
        connection.socket.close(CLOSE_CODES.goingAway, 'server shutting down');
      }
    },
  };
}

export type Hub = ReturnType<typeof createHub>;
