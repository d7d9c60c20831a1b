import { signDevToken } from '../../src/auth/dev-token.js';

/** A page's worth of messages: the message-list route answers a full default page (25). */
const MESSAGES = 25;

/**
 * Seeds a running Parley over HTTP (two users, one conversation, a page of messages) and returns the
 * message-list URL with the header that authorizes it, for the throughput runs.
 */
export async function seedMessageList(
  baseUrl: string,
  secret: string,
): Promise<{ url: string; headers: Record<string, string> }> {
  const run = Math.random().toString(36).slice(2, 10);
  const [alice, bob] = [`alice-${run}`, `bob-${run}`];
  const auth = async (sub: string) => ({
    authorization: `Bearer ${await signDevToken({ sub, secret, ttlSeconds: 3600 })}`,
  });
  const send = async (sub: string, method: string, path: string, json?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(await auth(sub)), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const body = (await response.json()) as { id?: string };
    if (!response.ok) throw new Error(`seed ${method} ${path}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  };
  for (const sub of [alice, bob])
    await send(sub, 'PUT', '/v1/users/me', { handle: `h_${sub.replace(/-/g, '_')}`, displayName: sub });
  const conversation = await send(alice, 'POST', '/v1/conversations', { title: 'bench', participantIds: [bob] });
  for (let i = 0; i < MESSAGES; i++)
    await send(i % 2 ? bob : alice, 'POST', `/v1/conversations/${conversation.id}/messages`, { body: `message ${i}` });
  return { url: `${baseUrl}/v1/conversations/${conversation.id}/messages`, headers: await auth(alice) };
}
