import { etagOf } from './etag.js';

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

export function jsonReply(status: number, value: unknown, headers?: Record<string, string>): Reply {
  const record = { 'content-type': 'application/json' };
  return { status, headers: headers ? Object.assign(record, headers) : record, body: JSON.stringify(value) };
}

/** A JSON answer of a versioned resource, tagged from the JSON it sends (`etagOf`). */
export function taggedReply(status: number, value: unknown, version: number, headers?: Record<string, string>): Reply {
  const body = JSON.stringify(value);
  const record = { 'content-type': 'application/json', etag: etagOf(version, body) };
  return { status, headers: headers ? Object.assign(record, headers) : record, body };
}

export function emptyReply(status = 204, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: null };
}

/**
 * The `Response` for `reply`, `extraHeaders` (lower-case names, like the reply's) winning over its
 * own. The headers go in as a plain record: the runtime builds its `Headers` from it once (Node's
 * server adapter writes a record straight to the socket), instead of from a `Headers` built here.
 * Records are merged with `Object.assign`, not spread: V8 gives `{ ...a, ...b }` a shape that
 * makes every later property added or enumerated (as Node's server does) several times slower
 *.
 */
export function toResponse(reply: Reply, extraHeaders?: Record<string, string>): Response {
  const headers = extraHeaders ? Object.assign({}, reply.headers, extraHeaders) : reply.headers;
  const response = new Response(reply.body, { status: reply.status, headers });
  if (reply.body !== null) madeFrom.set(response, reply.body);
  return response;
}

/** The text each `toResponse` response was made from (weakly held: gone with the response). */
const madeFrom = new WeakMap<Response, string>();

/**
 * The body of `response` as the string `toResponse` made it from, while nothing has read its stream;
 * `undefined` for any other response (one a wrapper rebuilt, a stream, a read one). Adapters that
 * need the body as text (Lambda results) take it from here instead of reading the stream back: that
 * read was a tenth of a Lambda `GET /health` under a CPU profile.
 */
export function sentText(response: Response): string | undefined {
  return response.bodyUsed ? undefined : madeFrom.get(response);
}
