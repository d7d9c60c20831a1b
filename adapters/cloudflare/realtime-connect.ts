import { HttpProblem, problemResponse } from '../../src/http/problem.js';
import { incomingRequestId } from '../../src/http/request-context.js';
import type { DurableObjectNamespaceLike, SocketsRpc } from '../../src/repository/durable-object/index.js';
import { type TicketClaims, TicketError, ticketOpener } from '../../src/realtime/ticket.js';

/** A user's socket object as a stub: its RPC and the WebSocket handshake (`fetch`). */
export type SocketStub = SocketsRpc & { fetch(request: Request): Promise<Response> };

export interface ConnectEnv {
  CURSOR_SECRET?: string | undefined;
  PARLEY_SOCKETS?: DurableObjectNamespaceLike<SocketStub>;
}

/** The verified claims travel to the object in this header (only bound Workers reach an object). */
export const CLAIMS_HEADER = 'x-parley-ticket-claims';

/**
 * `GET /v1/realtime/connect?ticket=` in the realtime Worker (the API Worker forwards it through its
 * `PARLEY_REALTIME` service binding): check the ticket's signature and expiry, then hand the
 * handshake to the ticket's user's socket object, which uses the ticket up (single use) and holds
 * the socket.
 */
export async function routeConnect(request: Request, env: ConnectEnv): Promise<Response> {
  const requestId = incomingRequestId(request);
  const sockets = env.PARLEY_SOCKETS;
  if (!sockets || !env.CURSOR_SECRET) {
    return problemResponse(new HttpProblem('not-found', 'This deployment holds no real-time connections.'), requestId);
  }
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
    return problemResponse(new HttpProblem('invalid-header', 'Open a WebSocket (Upgrade: websocket).'), requestId);
  }
  const ticket = new URL(request.url).searchParams.get('ticket') ?? '';
  let claims: TicketClaims;
  try {
    claims = await ticketOpener(env.CURSOR_SECRET).open(ticket, Date.now());
  } catch (error) {
    if (!(error instanceof TicketError)) throw error;
    return problemResponse(new HttpProblem('unauthorized', error.message), requestId);
  }
  const headers = new Headers(request.headers);
  headers.set(CLAIMS_HEADER, JSON.stringify(claims));
  return sockets.get(sockets.idFromName(claims.userId)).fetch(new Request(request.url, { headers }));
}
