import { expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { signDevToken } from '../src/auth/dev-token.js';
import { createMemoryRepository } from '../src/repository/memory/index.js';

// Not in the shared contract: over a socket, a server that answers 413 before the upload ends may
// close the connection under the client (undici then reports "other side closed"/ECONNRESET), so
// what a client sees there depends on the server and its keep-alive, not on the app.
it('a body far over the limit is refused from its Content-Length, unread', async () => {
  const secret = 'large-body-secret-0123456789abcdefghij';
  const app = createApp({
    config: { stage: 't', target: 'test', version: '0', auth: { mode: 'hs256', secret }, cursorSecret: 'c'.repeat(32) },
    repository: createMemoryRepository(),
    log: () => {},
  });
  const token = await signDevToken({ sub: 'alice', secret });
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
