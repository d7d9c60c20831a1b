import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../adapters/node/server.js';

// The Node server closes a connection only when it answered before reading the request's body
// (RFC 9112 §9.6); every other answer, synchronous or not, leaves the connection open for reuse.

let server: RunningServer;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  server = await startServer({
    port: 0,
    // `/sync` answers in the same turn (as the 414/431 screen does); everything else after a tick.
    fetch: (request) => {
      const response = new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
      return new URL(request.url).pathname === '/sync' ? response : Promise.resolve(response);
    },
  });
});
afterAll(async () => {
  agent.destroy();
  await server.close();
});

function send(path: string, method = 'GET', body?: string): Promise<{ connection: string | undefined; port: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method, agent }, (res) => {
      const port = res.socket.localPort ?? -1;
      res.resume();
      res.on('end', () => resolve({ connection: res.headers.connection, port }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('Node server keep-alive', () => {
  it('keeps the connection after synchronous and asynchronous answers to bodiless requests', async () => {
    const first = await send('/sync');
    const second = await send('/async');
    const third = await send('/sync');
    expect([first.connection, second.connection, third.connection]).toEqual(['keep-alive', 'keep-alive', 'keep-alive']);
    // One socket served all three.
    expect(new Set([first.port, second.port, third.port]).size).toBe(1);
  });

  it('closes the connection when it answered before the body arrived', async () => {
    // A body large enough not to arrive with the headers, answered at once without reading it.
    const answered = await send('/sync', 'POST', 'x'.repeat(4 * 1024 * 1024));
    expect(answered.connection).toBe('close');
  });
});
