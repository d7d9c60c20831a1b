import { signDevToken } from '../../../src/auth/dev-token.js';
import { describe, expect, it } from 'vitest';
import { Client, type Caller } from '../../contract/http/client.js';
import { ensureProfiles } from '../../contract/http/context.js';
import { socketFetch } from '../../contract/http/socket-fetch.js';
import { workerUrl } from './target.js';
import { WORKER_VARS, WORKERS } from './workers.js';

/**
 * The Worker on the durable-object backend when its objects fail, with INJECTED FAULTS
 * (faulty-worker-entry.ts, durable-object-faults.ts): an object whose transaction throws, an
 * object reset in the middle of a call, and an overloaded object. Each answers a 503 problem with
 * `Retry-After`, and nothing is half-written: the conversation, its messages and both users' lists
 * are exactly as before, and the retry succeeds once.
 */
const base = () => workerUrl(WORKERS.durableObjectFaults);
const client = () =>
  new Client({
    baseUrl: base(),
    fetch: socketFetch,
    token: (sub, options) => signDevToken({ sub, secret: WORKER_VARS.AUTH_HS256_SECRET, ...options }),
  });

async function inject(body: Record<string, unknown>, path = '/__faults/object'): Promise<unknown> {
  const response = await socketFetch(
    new Request(new URL(path, base()), { method: 'POST', body: JSON.stringify(body) }),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: unknown }).value;
}

/** Two users in one conversation with one message; what each of them sees. */
async function world() {
  const api = client();
  const [alice, bob] = await Promise.all([api.user('alice'), api.user('bob')]);
  await ensureProfiles([bob]);
  const created = await alice.call('POST', '/v1/conversations', {
    json: { title: 'faults', participantIds: [bob.id] },
  });
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  expect((await alice.call('POST', `/v1/conversations/${id}/messages`, { json: { body: 'first' } })).status).toBe(201);
  return { alice, bob, id, snapshot: () => snapshot(alice, bob, id) };
}

async function snapshot(alice: Caller, bob: Caller, id: string) {
  const [conversation, messages, aliceList, bobList] = await Promise.all([
    alice.call('GET', `/v1/conversations/${id}`),
    alice.call('GET', `/v1/conversations/${id}/messages?limit=100`),
    alice.call('GET', '/v1/conversations'),
    bob.call('GET', '/v1/conversations'),
  ]);
  return {
    conversation: conversation.body,
    messages: messages.body.items,
    lists: [aliceList.body.items, bobList.body.items],
  };
}

function expect503(result: { status: number; headers: Headers; body: { type?: string } }) {
  expect(result.status, JSON.stringify(result.body)).toBe(503);
  expect(result.headers.get('content-type')).toBe('application/problem+json');
  expect(result.body.type).toMatch(/service-unavailable$/);
  expect(Number(result.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('Worker on Durable Objects: faults (injected)', () => {
  it('/health names the backend', async () => {
    const health = await client().send('GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', target: 'cloudflare', storage: 'durable-object' });
  });

  it('injected fault: a transaction that throws before it commits → 503 + Retry-After, nothing written, the retry works', async () => {
    const { alice, id, snapshot } = await world();
    const before = await snapshot();
    await inject({ namespace: 'conversations', name: id, faults: { transactionThrows: 1 } });
    const post = () =>
      alice.call('POST', `/v1/conversations/${id}/messages`, {
        json: { body: 'second' },
        headers: { 'idempotency-key': `tx-${id}` },
      });
    expect503(await post());
    expect(await snapshot()).toStrictEqual(before);
    // The 503 released the key: the retry with the same key runs (once), and lands everywhere.
    const retried = await post();
    expect(retried.status).toBe(201);
    expect((await post()).headers.get('idempotent-replayed')).toBe('true');
    const after = await snapshot();
    expect(after.messages.map((m: { body: string }) => m.body)).toEqual(['second', 'first']);
    expect(after.lists[1]?.[0]).toMatchObject({ id, lastMessageId: retried.body.id });
  });

  it('injected fault: a rename whose transaction throws leaves the title, the version and the lists alone', async () => {
    const { alice, id, snapshot } = await world();
    const before = await snapshot();
    await inject({ namespace: 'conversations', name: id, faults: { transactionThrows: 1 } });
    const etag = (await alice.call('GET', `/v1/conversations/${id}`)).headers.get('etag') as string;
    const rename = () =>
      alice.call('PATCH', `/v1/conversations/${id}`, { json: { title: 'renamed' }, headers: { 'if-match': etag } });
    expect503(await rename());
    expect(await snapshot()).toStrictEqual(before);
    expect((await rename()).status).toBe(200);
  });

  it('injected fault: an object reset in the middle of a call → 503, nothing written, the object answers again', async () => {
    const { alice, id, snapshot } = await world();
    const before = await snapshot();
    await inject({ namespace: 'conversations', name: id, faults: { resetOnNextCall: true } });
    const result = await alice.call('POST', `/v1/conversations/${id}/messages`, { json: { body: 'lost' } });
    expect503(result);
    expect(await snapshot()).toStrictEqual(before);
    expect((await alice.call('POST', `/v1/conversations/${id}/messages`, { json: { body: 'ok' } })).status).toBe(201);
  });

  it('injected fault: an overloaded object (the platform error shape) → 503 with a longer Retry-After, not retried', async () => {
    const { alice, id, snapshot } = await world();
    const before = await snapshot();
    await inject({ calls: 1 }, '/__faults/overload');
    const result = await alice.call('POST', `/v1/conversations/${id}/messages`, { json: { body: 'shed' } });
    expect503(result);
    expect(Number(result.headers.get('retry-after'))).toBe(5);
    // Exactly one call was refused (no retry consumed a second one): the next call goes through.
    expect(await snapshot()).toStrictEqual(before);
    expect((await alice.call('POST', `/v1/conversations/${id}/messages`, { json: { body: 'ok' } })).status).toBe(201);
  });

  it('injected fault: a user object that cannot be reached still gets the update once it can (the message is posted)', async () => {
    const { alice, bob, id } = await world();
    await inject({ namespace: 'conversations', name: id, faults: { failDeliveries: true } });
    const posted = await alice.call('POST', `/v1/conversations/${id}/messages`, { json: { body: 'late' } });
    expect(posted.status).toBe(201);
    const stale = await bob.call('GET', '/v1/conversations');
    expect(stale.body.items[0].lastMessageId).not.toBe(posted.body.id);
    await inject({ namespace: 'conversations', name: id, faults: { failDeliveries: false } });
    // The outbox's alarm delivers it (about 1 s later).
    const deadline = Date.now() + 20_000;
    let list = stale;
    while (list.body.items[0].lastMessageId !== posted.body.id && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      list = await bob.call('GET', '/v1/conversations');
    }
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(list.body.items[0].lastMessageId).toBe(posted.body.id);
  });
});
