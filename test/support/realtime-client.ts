import WebSocket from 'ws';

/** A real WebSocket client (`ws`) that keeps every frame it receives, for the real-time tests. */
export interface EventClient {
  frames: Array<Record<string, unknown>>;
  /** Resolves with the first frame (already received or arriving within `ms`) that `match` accepts. */
  next(match: (frame: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  /**
   * A round trip through the connection (ping → pong): every frame the server sent before it has
   * been received by the time this resolves, so "nothing arrived" is checked without waiting.
   */
  barrier(): Promise<void>;
  send(text: string | Uint8Array): void;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
  readonly open: boolean;
}

/** Opens `url`; resolves once open, or rejects with the handshake's HTTP status. */
export function connect(url: string): Promise<EventClient> {
  // After the server's close frame, `ws` waits for the server to end the TCP connection (30 s by
  // default); workerd's local proxy keeps it open longer than a browser would wait, so stop at 1 s.
  // The close code reported is the one the server's close frame carried.
  // (`closeTimeout` is in ws 8.21 but not yet in @types/ws 8.18.)
  const ws = new WebSocket(url, { closeTimeout: 1000 } as WebSocket.ClientOptions);
  const frames: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let pongs = 0;
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if (frame.type === 'pong') pongs += 1;
    frames.push(frame);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
  const next: EventClient['next'] = (match, ms = 2000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = frames.find(match);
        if (!found) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(frames)}`));
      }, ms);
      if (!check()) waiters.add(check);
    });
  const client: EventClient = {
    frames,
    next,
    async barrier() {
      const want = pongs + 1;
      ws.send(JSON.stringify({ type: 'ping' }));
      await next(() => pongs >= want);
    },
    send: (text) => ws.send(text),
    closed,
    async close() {
      ws.close();
      await closed;
    },
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_request, response) => {
      reject(Object.assign(new Error(`handshake refused: ${response.statusCode}`), { status: response.statusCode }));
      response.resume();
    });
    ws.once('error', reject);
  });
}

/** The HTTP status a refused handshake answered (throws if the connection opened). */
export async function refusedStatus(url: string): Promise<number> {
  try {
    const client = await connect(url);
    await client.close();
  } catch (error) {
    return (error as { status?: number }).status ?? 0;
  }
  throw new Error('the handshake was accepted');
}
