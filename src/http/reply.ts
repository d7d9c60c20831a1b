/**
 * A response as plain data: what route handlers return, what idempotency records store and
 * replay, and what becomes a `Response` at the edge of the app. Header names are lower-case.
 */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Serialized body, `null` for none. */
  body: string | null;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function emptyReply(status = 204, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: null };
}

export function toResponse(reply: Reply, extraHeaders: Record<string, string> = {}): Response {
  const headers = new Headers(reply.headers);
  for (const [name, value] of Object.entries(extraHeaders)) headers.set(name, value);
  return new Response(reply.body, { status: reply.status, headers });
}
