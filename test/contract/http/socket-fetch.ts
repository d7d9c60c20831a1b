/**
 * `fetch` over a real socket, retrying once when a kept-alive connection turns out to be closed.
 *
 * A server that answers early (a 413 from `Content-Length`) without reading the body closes the
 * connection afterwards (RFC 9112 §9.6); undici may already have picked that pooled socket for the
 * next request, which then fails with "other side closed" before any response byte arrived.
 * Browsers retry exactly this case, so the socket targets of the HTTP contract do too — only for
 * that error, and only once.
 */
export async function socketFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    if (!isStaleConnection(error)) throw error;
    return fetch(retry);
  }
}

function isStaleConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET';
}
