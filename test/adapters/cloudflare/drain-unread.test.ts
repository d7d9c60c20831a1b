import { describe, expect, it } from 'vitest';
import { drainUnread } from '../../../adapters/cloudflare/drain-unread.js';

/** An upload of `chunks` chunks of 1 KiB that records how far it was read and whether it was cancelled. */
function upload(chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled >= chunks) return controller.close();
        state.pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  const request = new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { request, state };
}

describe('drainUnread (the Worker reads what the app left of an upload before answering)', () => {
  it('reads an unread upload to its end', async () => {
    const { request, state } = upload(50);
    await drainUnread(request, { bytes: 1024 * 1024, waitMs: 60_000 });
    expect(state).toEqual({ pulled: 50, cancelled: false });
  });

  it('stops past its limit and cancels the rest, so an endless upload cannot hold the answer', async () => {
    const { request, state } = upload(1_000_000);
    await drainUnread(request, { bytes: 8 * 1024, waitMs: 60_000 });
    expect(state.pulled).toBe(9);
    expect(state.cancelled).toBe(true);
  });

  it('gives up on an upload that stalls, so a never-finished upload still gets its answer', async () => {
    const state = { cancelled: false };
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1024)); // then nothing more, ever
      },
      cancel() {
        state.cancelled = true;
      },
    });
    const request = new Request('http://x/', { method: 'POST', body, duplex: 'half' } as RequestInit);
    await drainUnread(request, { bytes: 1024 * 1024, waitMs: 50 });
    expect(state.cancelled).toBe(true);
  });

  it('leaves a body that is still locked (being read) and a request without body alone', async () => {
    const { request, state } = upload(3);
    const reader = request.body!.getReader();
    await drainUnread(request);
    expect(state.pulled).toBe(0);
    reader.releaseLock();
    await expect(drainUnread(new Request('http://x/'))).resolves.toBeUndefined();
  });
});
