import { serve, type Http2Bindings, type HttpBindings } from '@hono/node-server';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';

export interface StartServerOptions {
  /** The Fetch handler to serve, usually `createApp(deps).fetch`. */
  fetch: (request: Request) => Response | Promise<Response>;
  /** Interface to bind. Default `127.0.0.1`; `0.0.0.0` to serve the local network (Greengrass). */
  host?: string;
  /** Port to bind. Default 3000; `0` picks a free one (tests). */
  port?: number;
  /** How long `close()` lets in-flight requests finish before it cuts their connections, ms. Default 10 000. */
  shutdownTimeoutMs?: number;
  /** WebSocket handshakes (`adapters/node/realtime.ts`); without it an upgrade request is dropped. */
  upgrade?: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (idle keep-alive
   * connections are closed at once), and cut whatever is left after `shutdownTimeoutMs`.
   */
  close(): Promise<void>;
}

/** Serve `fetch` over plain HTTP/1.1 with `@hono/node-server`; resolves once the port is bound. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  // Answered before the request body was fully received (a 413, or a 401 that never read it):
  // close the connection after this response (RFC 9112 §9.6). Otherwise the client may reuse a
  // socket that @hono/node-server destroys once its short drain of the unread rest gives up.
  // A request without a body counts as read: while the handler runs synchronously, Node has not yet
  // marked even a bodiless request `complete`.
  const closeIfUnread = (response: Response, env: HttpBindings | Http2Bindings): Response => {
    const { complete, headers } = env.incoming;
    const hasBody = headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0';
    if (!complete && hasBody) env.outgoing.setHeader('connection', 'close');
    return response;
  };
  // Not an async function: a response the app returns at once stays a `Response`, which
  // @hono/node-server writes in the same turn instead of awaiting it.
  const handle = (request: Request, env: HttpBindings | Http2Bindings): Response | Promise<Response> => {
    const response = options.fetch(request);
    return response instanceof Promise
      ? response.then((answer) => closeIfUnread(answer, env))
      : closeIfUnread(response, env);
  };
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: handle, hostname: host, port: options.port ?? 3000 }, () =>
      resolve(s as Server),
    ) as Server;
    s.once('error', reject);
  });
  if (options.upgrade) server.on('upgrade', options.upgrade);
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      // A connection that finishes its request becomes idle; close idle ones as they appear so
      // keep-alive clients do not hold the process open, and cut the rest at the deadline.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => server.closeAllConnections(), shutdownTimeoutMs);
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    }));

  return { url: `http://${urlHost}:${port}`, close };
}
