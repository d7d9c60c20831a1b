import { signDevToken } from '../../src/auth/dev-token.js';

/** A page's worth of messages: the message-list route answers a full default page (25). */
const MESSAGES = 25;

export type Send = (request: Request) => Promise<Response>;

/** The seeded conversation: its id, its message-list path and the caller (a participant). */
export interface SeededList {
  conversationId: string;
  path: string;
  caller: string;
}

/**
 * Seeds Parley through its own API (two users, one conversation, a page of messages) via `send`
 * (`fetch` of a running server, or an app's `fetch` in process).
 */
export async function seedThrough(send: Send, secret: string, base = 'http://bench.local'): Promise<SeededList> {
  const run = Math.random().toString(36).slice(2, 10);
  const [alice, bob] = [`alice-${run}`, `bob-${run}`];
  const call = async (sub: string, method: string, path: string, json?: unknown) => {
    const token = await signDevToken({ sub, secret, ttlSeconds: 3600 });
    const response = await send(
      new Request(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: json === undefined ? undefined : JSON.stringify(json),
      }),
    );
    const body = (await response.json()) as { id?: string };
    if (!response.ok) throw new Error(`seed ${method} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  for (const sub of [alice, bob])
    await call(sub, 'PUT', '/v1/users/me', { handle: `h_${sub.replace(/-/g, '_')}`, displayName: sub });
  const conversation = await call(alice, 'POST', '/v1/conversations', { title: 'bench', participantIds: [bob] });
  for (let i = 0; i < MESSAGES; i++)
    await call(i % 2 ? bob : alice, 'POST', `/v1/conversations/${conversation.id}/messages`, { body: `message ${i}` });
  const conversationId = conversation.id as string;
  return { conversationId, path: `/v1/conversations/${conversationId}/messages`, caller: alice };
}

/**
 * `count` distinct valid tokens for `sub` (issued a second apart), so a cache keyed by the token
 * string never hits when they are used in turn.
 */
export async function distinctTokens(sub: string, secret: string, count: number): Promise<string[]> {
  const now = Date.now();
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      signDevToken({ sub, secret, ttlSeconds: 7200, now: new Date(now - i * 1000) }),
    ),
  );
}

/**
 * Seeds a running Parley over HTTP and returns the message-list URL with the header that
 * authorizes it, for the throughput runs.
 */
export async function seedMessageList(
  baseUrl: string,
  secret: string,
): Promise<{ url: string; headers: Record<string, string> }> {
  const seeded = await seedThrough((request) => fetch(request), secret, baseUrl);
  const token = await signDevToken({ sub: seeded.caller, secret, ttlSeconds: 3600 });
  return { url: `${baseUrl}${seeded.path}`, headers: { authorization: `Bearer ${token}` } };
}
