import { DurableObject, type DurableObjectState } from 'cloudflare:workers';
import type { Conversation } from '../../src/domain/model.js';
import { HttpProblem, problemResponse } from '../../src/http/problem.js';
import type { Change } from '../../src/realtime/changes.js';
import type { RealtimeEvent } from '../../src/realtime/events.js';
import { REALTIME } from '../../src/realtime/limits.js';
import type { TicketClaims } from '../../src/realtime/ticket.js';
import { type HibernatableSocket, UserSocketsStore } from '../../src/realtime/user-sockets.js';
import type { ConversationRpc, DurableObjectNamespaceLike } from '../../src/repository/durable-object/index.js';
import { unwrap } from '../../src/repository/durable-object/rpc.js';
import { CLAIMS_HEADER, type SocketStub } from './realtime-connect.js';

export interface RealtimeEnv {
  CURSOR_SECRET?: string;
  PARLEY_SOCKETS?: DurableObjectNamespaceLike<SocketStub>;
  /** The API Worker's conversation objects (`script_name`), for typing membership checks. */
  PARLEY_CONVERSATIONS?: DurableObjectNamespaceLike<ConversationRpc>;
}

const PING = JSON.stringify({ type: 'ping' });
const PONG = JSON.stringify({ type: 'pong' });

/**
 * One user's real-time connections (`idFromName(userId)`), on the WebSocket Hibernation API: the
 * runtime holds the sockets while the object sleeps, answers `{"type":"ping"}` itself, and wakes the
 * object for other frames, deliveries and the alarm. The logic is `UserSocketsStore` (src/realtime/).
 */
export class SocketObject extends DurableObject<RealtimeEnv> {
  private readonly store: UserSocketsStore;
  constructor(ctx: DurableObjectState, env: RealtimeEnv) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
    this.store = new UserSocketsStore({
      storage: ctx.storage,
      sockets: () => ctx.getWebSockets() as unknown as HibernatableSocket[],
      lastAutoPong: (socket) => ctx.getWebSocketAutoResponseTimestamp(socket as unknown as WebSocket)?.getTime() ?? 0,
      getConversation: (id) => this.conversation(id),
      sendTo: async (userId, events) => {
        const sockets = env.PARLEY_SOCKETS;
        if (sockets) await sockets.get(sockets.idFromName(userId)).send(events);
      },
    });
  }

  async fetch(request: Request): Promise<Response> {
    const claims = JSON.parse(request.headers.get(CLAIMS_HEADER) ?? 'null') as TicketClaims | null;
    if (!claims) return problemResponse(new HttpProblem('not-found', 'No such route.'), '');
    const admitted = this.store.admit(claims);
    if ('status' in admitted) {
      const slug = admitted.status === 429 ? 'too-many-connections' : 'unauthorized';
      return problemResponse(new HttpProblem(slug, admitted.detail), '');
    }
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    this.ctx.acceptWebSocket(server, [`user:${claims.userId}`]);
    server.serializeAttachment(admitted);
    await this.arm();
    return new Response(null, { status: 101, webSocket: client });
  }

  /** RPC from the conversations' outboxes: committed changes, turned into this user's events. */
  async deliver(changes: Change[]): Promise<number> {
    return this.store.deliver(changes);
  }

  /** RPC from other users' objects: typing notices. */
  async send(events: RealtimeEvent[]): Promise<number> {
    return this.store.send(events);
  }

  async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    await this.store.message(socket as unknown as HibernatableSocket, message);
  }

  webSocketClose(socket: WebSocket, code: number, reason: string): void {
    try {
      socket.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // Already closed.
    }
  }

  webSocketError(socket: WebSocket): void {
    try {
      socket.close(1011, 'socket error');
    } catch {
      // Already closed.
    }
  }

  async alarm(): Promise<void> {
    this.store.sweep();
    await this.arm();
  }

  private async arm(): Promise<void> {
    const next = this.store.nextCheck();
    // Not sooner than a second from now: a socket just closed may still be listed.
    if (next !== null)
      await this.ctx.storage.setAlarm(Math.max(next, Date.now() + Math.min(1000, REALTIME.heartbeatMs)));
  }

  private async conversation(id: string): Promise<Conversation | null> {
    const conversations = this.env.PARLEY_CONVERSATIONS;
    if (!conversations) return null;
    return unwrap(`conversation ${id}`, () => conversations.get(conversations.idFromName(id)).getConversation(id));
  }
}
