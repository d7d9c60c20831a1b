import { describe, expect, it } from 'vitest';
import { createCursorSigner } from '../../src/http/cursor.js';
import { createHub, type RealtimeSocket } from '../../src/realtime/hub.js';
import { CLOSE_CODES, REALTIME } from '../../src/realtime/limits.js';
import { issueTicket, ticketOpener } from '../../src/realtime/ticket.js';

// A stand-in socket for fault injection the real ones cannot be driven into on demand: a client
// that stops reading (its send buffer grows) and one that goes quiet. The clock is the hub's.
function fakeSocket(): RealtimeSocket & { sent: string[]; closed?: number; bufferedAmount: number } {
  const socket = {
    sent: [] as string[],
    closed: undefined as number | undefined,
    bufferedAmount: 0,
    send(text: string) {
      socket.sent.push(text);
    },
    close(code: number) {
      socket.closed = code;
    },
  };
  return socket;
}

const SECRET = 'hub-test-cursor-secret-0123456789abcdef';
const tickets = ticketOpener(SECRET);
const issue = (userId: string, tokenExpiresAt: number, now: number) =>
  issueTicket(createCursorSigner(SECRET), userId, tokenExpiresAt, now);

async function setup() {
  let now = 1_000_000;
  const hub = createHub({ tickets, getConversation: async () => null, now: () => now });
  const { ticket } = await issue('u', now + 3_600_000, now);
  const claims = await hub.accept(ticket);
  if ('status' in claims) throw new Error('refused');
  const socket = fakeSocket();
  const connection = hub.attach(claims, socket);
  return { hub, socket, connection, advance: (ms: number) => (now += ms) };
}

describe('hub flow control', () => {
  it('closes a slow consumer instead of buffering without bound', async () => {
    const { hub, socket } = await setup();
    const event = { type: 'typing', conversationId: 'c', id: 'x', at: 'now' } as const;
    hub.publish([{ event, recipients: ['u'] }]);
    expect(socket.sent).toHaveLength(1);
    socket.bufferedAmount = REALTIME.sendBufferBytes;
    hub.publish([{ event, recipients: ['u'] }]);
    expect(socket.sent).toHaveLength(1);
    expect(socket.closed).toBe(CLOSE_CODES.slowConsumer);
  });

  it('closes an idle connection on the sweep, and keeps one that spoke', async () => {
    const { hub, socket, connection, advance } = await setup();
    advance(REALTIME.idleTimeoutMs - 1);
    await hub.receive(connection, '{"type":"ping"}');
    advance(REALTIME.idleTimeoutMs - 1);
    hub.sweep();
    expect(socket.closed).toBeUndefined();
    advance(1);
    hub.sweep();
    expect(socket.closed).toBe(CLOSE_CODES.idleTimeout);
    expect(hub.registry.ofUser('u')).toEqual([]);
  });

  it('closes with tokenExpired once the token is past, on the sweep too', async () => {
    const { hub, socket, connection, advance } = await setup();
    advance(3_600_000);
    connection.lastSeen += 3_600_000;
    hub.sweep();
    expect(socket.closed).toBe(CLOSE_CODES.tokenExpired);
  });

  it('refuses a ticket the second time', async () => {
    const hub = createHub({ tickets, getConversation: async () => null, now: () => 5 });
    const { ticket } = await issue('u', 10_000, 5);
    expect(await hub.accept(ticket)).toMatchObject({ userId: 'u' });
    expect(await hub.accept(ticket)).toMatchObject({ status: 401 });
  });
});
