/**
 * How much of an upload the app left unread is read and discarded before answering, and for how
 * long at most: an upload that stalls or never ends is cancelled past either bound.
 */
export const DRAIN_LIMITS = { bytes: 1024 * 1024, waitMs: 1_000 };

/**
 * Read and discard what the app left unread of a request body (it answered 413 part way through a
 * chunked upload, or 401 without reading it) before the answer goes out. workerd answering over a
 * partly read chunked body broke the connection it came on: under `wrangler dev` (miniflare's entry
 * Worker in front of ours) the NEXT request then failed with "Network connection lost" / 503 "Your
 * worker restarted mid-request" (`test/e2e/wrangler-dev.test.ts` reproduces it).
 * Draining after the answer (`waitUntil`) does not help; draining first does. Bounded in bytes and
 * time, so a client that never finishes its upload still gets its 413 (hardening campaign 6).
 */
export async function drainUnread(request: Request, limits = DRAIN_LIMITS): Promise<void> {
  const body = request.body;
  if (!body || body.locked) return;
  const reader = body.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), limits.waitMs);
  });
  try {
    for (let drained = 0; drained <= limits.bytes; ) {
      const chunk = await Promise.race([reader.read(), gaveUp]);
      if (chunk === 'timeout') break;
      if (chunk.done) return;
      drained += chunk.value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing is left to drain.
  } finally {
    clearTimeout(timer);
  }
}
