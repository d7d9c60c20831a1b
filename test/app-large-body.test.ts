import { expect, it } from 'vitest';
import { inProcessApp } from './support/app-config.js';

// Not in the shared contract: over a socket, a server that answers 413 before the upload ends may
// close the connection under the client (undici then reports "other side closed"/ECONNRESET), so
// what a client sees there depends on the server and its keep-alive, not on the app.
it('a body far over the limit is refused from its Content-Length, unread', async () => {
  const { app, token: sign } = inProcessApp('large-body');
  const token = await sign('alice');
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024 * 1024));
      },
    },
    { highWaterMark: 0 },
  );
  const response = await app.fetch(
    new Request('http://parley.test/v1/conversations', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'content-length': String(8 * 1024 * 1024),
      },
      body,
      duplex: 'half',
    } as RequestInit),
  );
  expect(response.status).toBe(413);
  expect(pulled).toBe(0);
});
