/** Must match `LOCAL_NOTIFY_PATH` in adapters/cloudflare/local-notify.ts. */
const NOTIFY_PATH = '/__local/r2-notifications';
const INTERVAL_MS = 1_000;

/** Where the API Worker presigns uploads and downloads under `npm run dev`: Miniflare's local R2 S3 endpoint. */
export function localMediaEndpoint(url: string): string {
  return `${url}/cdn-cgi/local/r2/s3`;
}

/**
 * `npm run dev`'s stand-in for R2 event notifications (Miniflare does not emulate them): once a second,
 * ask the API Worker to send the processor's queue one R2-shaped message per new upload. Returns the
 * stop function. A failed poll (wrangler reloading) is simply tried again on the next tick.
 */
export function startMediaNotifier(url: string): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    fetch(`${url}${NOTIFY_PATH}`, { method: 'POST', signal: AbortSignal.timeout(5_000) })
      .then((response) => response.body?.cancel())
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
