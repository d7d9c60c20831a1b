import { describe, expect, it } from 'vitest';
import { migrateKvToDurableObjects } from '../../../scripts/kv-to-durable-objects.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { type Caller, Client, uniqueHandle } from '../../contract/http/client.js';
import { socketFetch } from '../../contract/http/socket-fetch.js';
import { workerUrl } from './target.js';
import { MIGRATE_SECRET, WORKER_VARS, WORKERS } from './workers.js';

/**
 * Moving a KV deployment to Durable Objects, for real: data written through the KV-backed Worker's
 * API (its own namespace), moved by the migration Worker (adapters/cloudflare/migrate-kv.ts, driven
 * by scripts/kv-to-durable-objects.ts two keys a step, so steps end inside a conversation), then
 * read through the Durable-Object-backed Worker's API: every record, list, handle and read state
 * (horizons, unread counts) as it was.
 * A second run writes nothing.
 */
const token = (sub: string) => signDevToken({ sub, secret: WORKER_VARS.AUTH_HS256_SECRET });
const api = (name: string) => new Client({ baseUrl: workerUrl(name), fetch: socketFetch, token });

async function view(callers: Caller[], conversationIds: string[]) {
  const out: Record<string, unknown> = {};
  for (const caller of callers) {
    out[`me:${caller.id}`] = (await caller.call('GET', '/v1/users/me')).body;
    const list = (await caller.call('GET', '/v1/conversations')).body.items as Array<{ id: string }>;
    out[`list:${caller.id}`] = list.filter((c) => conversationIds.includes(c.id));
  }
  for (const id of conversationIds) {
    const owner = callers[0]!;
    out[`conversation:${id}`] = (await owner.call('GET', `/v1/conversations/${id}`)).body;
    out[`messages:${id}`] = (await owner.call('GET', `/v1/conversations/${id}/messages?limit=100`)).body.items;
    out[`read:${id}`] = (await owner.call('GET', `/v1/conversations/${id}/read`)).body;
  }
  return out;
}

describe('moving a KV deployment to Durable Objects (workerd)', () => {
  it('moves users, handles, conversations, messages (edits, tombstones, authors who left) and read horizons exactly; a re-run writes nothing', async () => {
    const source = api(WORKERS.kvSource);
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((name) => source.user(name)));
    const handles = new Map<string, string>();
    for (const user of [alice!, bob!, carol!]) {
      const handle = uniqueHandle();
      handles.set(user.id, handle);
      expect((await user.call('PUT', '/v1/users/me', { json: { handle, displayName: user.id } })).status).toBe(201);
    }
    const one = await alice!.call('POST', '/v1/conversations', {
      json: { title: 'one', participantIds: [bob!.id, carol!.id] },
    });
    const two = await bob!.call('POST', '/v1/conversations', { json: { title: 'two', participantIds: [alice!.id] } });
    const [c1, c2] = [one.body.id as string, two.body.id as string];
    const posted: string[] = [];
    for (const [author, conversation, body] of [
      [alice, c1, 'hello'],
      [carol, c1, 'from carol, who leaves'],
      [bob, c1, 'hi'],
      [bob, c2, 'second conversation'],
      [alice, c2, 'reply'],
    ] as const) {
      const message = await author!.call('POST', `/v1/conversations/${conversation}/messages`, { json: { body } });
      expect(message.status).toBe(201);
      posted.push(message.body.id);
    }
    // Alice has read carol's message in conversation one, bob alice's reply in two: horizons that no
    // replayed post sets (a post moves only its author's horizon).
    for (const [reader, conversation, messageId] of [
      [alice, c1, posted[1]],
      [bob, c2, posted[4]],
    ] as const) {
      const marked = await reader!.call('PUT', `/v1/conversations/${conversation}/read`, { json: { messageId } });
      expect(marked.body.lastReadMessageId).toBe(messageId);
    }
    const first = `/v1/conversations/${c1}/messages/${posted[0]}`;
    const etag = (await alice!.call('GET', first)).headers.get('etag') as string;
    expect(
      (await alice!.call('PATCH', first, { json: { body: 'hello (edited)' }, headers: { 'if-match': etag } })).status,
    ).toBe(200);
    const last = `/v1/conversations/${c2}/messages/${posted[4]}`;
    const lastTag = (await alice!.call('GET', last)).headers.get('etag') as string;
    expect((await alice!.call('DELETE', last, { headers: { 'if-match': lastTag } })).status).toBe(204);
    const c1Tag = (await carol!.call('GET', `/v1/conversations/${c1}`)).headers.get('etag') as string;
    expect(
      (
        await carol!.call('DELETE', `/v1/conversations/${c1}/participants/${carol!.id}`, {
          headers: { 'if-match': c1Tag },
        })
      ).status,
    ).toBe(204);
    const before = await view([alice!, bob!, carol!], [c1, c2]);
    expect(before[`read:${c1}`]).toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ userId: alice!.id, lastReadMessageId: posted[1] })]),
    });

    const moved = await migrateKvToDurableObjects({
      url: workerUrl(WORKERS.kvMigration),
      secret: MIGRATE_SECRET,
      pageSize: 2,
      fetch: socketFetch,
    });
    expect(moved.users).toEqual({ written: 3, skipped: 0, refused: 0 });
    expect(moved.conversations).toEqual({ written: 2, skipped: 0, refused: 0 });
    expect(moved.messages).toEqual({ written: 5, skipped: 0, refused: 0 });
    // Horizons: c1 alice (marked), bob and carol (their posts; carol's is deleted as she left), c2
    // bob (marked), alice (her post). Those the replayed posts put in place already are skipped.
    expect(moved.reads.written).toBe(2);
    expect(moved.reads.refused).toBe(0);

    const target = api(WORKERS.durableObject);
    const moveds = await Promise.all([alice!, bob!, carol!].map((u) => target.as(u.id)));
    expect(await view(moveds, [c1, c2])).toStrictEqual(before);
    for (const user of moveds) {
      const found = await user.call('GET', `/v1/users?handle=${handles.get(user.id)}`);
      expect(found.body.id).toBe(user.id);
    }
    // Carol left conversation one: she no longer sees it, but her message in it is kept.
    expect((await moveds[2]!.call('GET', `/v1/conversations/${c1}`)).status).toBe(404);

    const again = await migrateKvToDurableObjects({
      url: workerUrl(WORKERS.kvMigration),
      secret: MIGRATE_SECRET,
      pageSize: 50,
      fetch: socketFetch,
    });
    expect(again.users.written + again.conversations.written + again.messages.written + again.reads.written).toBe(0);
    expect(again.messages.skipped).toBe(5);
    expect(await view(moveds, [c1, c2])).toStrictEqual(before);
  });

  it('refuses a caller without the migration secret', async () => {
    const response = await socketFetch(
      new Request(new URL('/migrate', workerUrl(WORKERS.kvMigration)), {
        method: 'POST',
        headers: { authorization: 'Bearer not-the-secret' },
        body: '{}',
      }),
    );
    expect(response.status).toBe(401);
  });
});
