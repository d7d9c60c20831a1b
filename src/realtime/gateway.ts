import type { Conversation } from '../domain/model.js';
import { typingEvent } from './events.js';
import type { ConnectionStore, PostToConnection, StoredConnection } from './fan-out.js';
import { frameError, parseClientFrame } from './frames.js';
import { REALTIME } from './limits.js';
import { TicketError, type TicketOpener } from './ticket.js';

/** The connections table as the API Gateway WebSocket routes use it (`dynamoConnectionStore`). */
export interface GatewayConnections extends ConnectionStore {
  add(connection: StoredConnection, expiresAtSeconds: number): Promise<void>;
  /** The connection's user, from its own item; `null` once it is gone. */
  ofConnection(connectionId: string): Promise<StoredConnection | null>;
  /** Records a ticket's nonce if it is new (a conditional put): false when it was used before. */
  claimTicket(nonce: string, expiresAtSeconds: number): Promise<boolean>;
  /** Takes a typing token from the connection's bucket (kept on its item); false when it is empty. */
  takeTypingToken(connectionId: string, now: number): Promise<boolean>;
}

export interface GatewayDeps {
  tickets: TicketOpener;
  connections: GatewayConnections;
  post: PostToConnection;
  getConversation(id: string): Promise<Conversation | null>;
  now(): number;
}

/**
 * API Gateway WebSocket routes, provider-neutral: `$connect` (the ticket, single use, the per-user
 * cap; answered with the HTTP status the handshake gets), `$disconnect` (best effort: TTL and 410
 * clean up what it misses), `$default` (ping, typing, error frames).
 */
export async function onConnect(deps: GatewayDeps, connectionId: string, ticket: string): Promise<200 | 401 | 429> {
  let claims: Awaited<ReturnType<TicketOpener['open']>>;
  try {
    claims = await deps.tickets.open(ticket, deps.now());
  } catch (error) {
    if (error instanceof TicketError) return 401;
    throw error;
  }
  if ((await deps.connections.ofUser(claims.userId)).length >= REALTIME.connectionsPerUser) return 429;
  if (!(await deps.connections.claimTicket(claims.nonce, Math.ceil(claims.expiresAt / 1000)))) return 401;
  await deps.connections.add({ userId: claims.userId, connectionId }, Math.ceil(claims.tokenExpiresAt / 1000));
  return 200;
}

export async function onDisconnect(deps: GatewayDeps, connectionId: string): Promise<void> {
  const connection = await deps.connections.ofConnection(connectionId);
  if (connection) await deps.connections.remove(connection);
}

/** A client frame; nothing a client sends throws out of here (a lost post to itself is ignored). */
export async function onFrame(deps: GatewayDeps, connectionId: string, body: string | undefined): Promise<void> {
  const reply = (frame: unknown) => deps.post(connectionId, JSON.stringify(frame)).catch(() => 'gone' as const);
  const frame = parseClientFrame(body ?? '');
  if (frame.type === 'error') return void (await reply(frame));
  if (frame.type === 'ping') return void (await reply({ type: 'pong' }));
  if (!(await deps.connections.takeTypingToken(connectionId, deps.now()))) {
    return void (await reply(frameError('rate-limited', 'Typing notices: at most one a second.')));
  }
  const connection = await deps.connections.ofConnection(connectionId);
  const conversation = connection ? await deps.getConversation(frame.conversationId).catch(() => null) : null;
  if (!connection || !conversation?.participantIds.includes(connection.userId)) {
    return void (await reply(frameError('not-participant', 'You are not a participant of that conversation.')));
  }
  const at = new Date(deps.now()).toISOString();
  const { event, recipients } = typingEvent(conversation.id, connection.userId, at, conversation.participantIds);
  const text = JSON.stringify(event);
  const targets = (await Promise.all(recipients.map((userId) => deps.connections.ofUser(userId)))).flat();
  await Promise.all(
    targets.map(async (target) => {
      const sent = await deps.post(target.connectionId, text).catch(() => 'sent' as const);
      if (sent === 'gone') await deps.connections.remove(target);
    }),
  );
}
