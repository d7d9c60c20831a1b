import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { AppDeps } from '../../src/deps.js';
import { HttpProblem, problemReply } from '../../src/http/problem.js';
import { createHub, type Hub, type Refusal } from '../../src/realtime/hub.js';
import { CLOSE_CODES, REALTIME } from '../../src/realtime/limits.js';
import { withEvents } from '../../src/realtime/publishing.js';
import { ticketOpener } from '../../src/realtime/ticket.js';
import { CONNECT_PATH } from '../../src/routes/realtime.js';

/**
 * Real-time events in the server's own process: one hub, fed by the repository's committed writes
 * (`withEvents`), so fan-out needs nothing but this process. Several processes sharing one DynamoDB
 * table each see only their own writes: docs/realtime.md ("Node and Greengrass") says what to add.
 */
export function withNodeRealtime<D extends AppDeps>(deps: D): { deps: D; hub: Hub } {
  const { repository, countedRepository } = deps;
  const now = deps.now ?? (() => new Date());
  const hub = createHub({
    tickets: ticketOpener(deps.config.cursorSecret),
    getConversation: (id) => repository.getConversation(id),
    now: () => now().getTime(),
  });
  const publish = hub.publish.bind(hub);
  return {
    hub,
    deps: {
      ...deps,
      repository: withEvents(repository, publish),
      ...(countedRepository ? { countedRepository: (meter) => withEvents(countedRepository(meter), publish) } : {}),
      realtime: true,
    },
  };
}

// setTimeout's longest delay (ms); a token that expires later is closed by the sweep instead.
const MAX_TIMER = 2 ** 31 - 1;

/**
 * The `upgrade` handler of the HTTP server: a handshake on `/v1/realtime/connect?ticket=` becomes a
 * WebSocket (`ws`) attached to the hub; a refused ticket or a full cap is an HTTP problem instead.
 */
export function realtimeUpgrades(hub: Hub, log: (entry: Record<string, unknown>) => void) {
  // Frames above `clientFrameBytes` but below this get an error frame; larger ones close with 1009.
  // UTF-8 is not checked by `ws` (which would close with 1007): a bad frame fails JSON parsing instead.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, skipUTF8Validation: true });
  const heartbeat = setInterval(() => {
    hub.sweep();
    for (const ws of wss.clients) ws.ping();
  }, REALTIME.heartbeatMs);
  heartbeat.unref();

  const attach = (ws: WebSocket, claims: Parameters<Hub['attach']>[0]) => {
    const connection = hub.attach(claims, ws);
    const untilExpiry = Math.min(claims.tokenExpiresAt - Date.now(), MAX_TIMER);
    const expiry = setTimeout(() => ws.close(CLOSE_CODES.tokenExpired, 'token expired'), Math.max(0, untilExpiry));
    ws.on('message', (data, isBinary) => {
      const raw = isBinary ? new Uint8Array(data as Buffer) : (data as Buffer).toString('utf8');
      hub.receive(connection, raw).catch((error: unknown) => {
        log({ level: 'error', event: 'realtime_frame_failed', error: String(error) });
      });
    });
    ws.on('pong', () => hub.seen(connection));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      clearTimeout(expiry);
      hub.detach(connection);
    });
  };

  return {
    upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname !== CONNECT_PATH) {
        refuse(socket, new HttpProblem('not-found', 'No such route.'));
        return;
      }
      hub.accept(url.searchParams.get('ticket') ?? '').then(
        (result) => {
          if ('status' in result) return refuse(socket, refusal(result));
          wss.handleUpgrade(request, socket, head, (ws) => attach(ws, result));
        },
        (error: unknown) => {
          log({ level: 'error', event: 'realtime_accept_failed', error: String(error) });
          refuse(socket, new HttpProblem('internal-error', 'The connection could not be accepted.'));
        },
      );
    },
    close(): void {
      clearInterval(heartbeat);
      hub.closeAll();
      wss.close();
    },
  };
}

function refusal(result: Refusal): HttpProblem {
  return result.status === 429
    ? new HttpProblem('too-many-connections', result.detail)
    : new HttpProblem('unauthorized', result.detail);
}

/** Answer a handshake with a problem+json and close: no WebSocket was opened. */
function refuse(socket: Duplex, problem: HttpProblem): void {
  const reply = problemReply(problem);
  const head = [`HTTP/1.1 ${reply.status} ${problem.slug}`, 'connection: close'];
  for (const [name, value] of Object.entries(reply.headers)) head.push(`${name}: ${value}`);
  head.push(`content-length: ${Buffer.byteLength(reply.body ?? '')}`);
  socket.end(`${head.join('\r\n')}\r\n\r\n${reply.body ?? ''}`);
}
