import { beforeAll, describe, expect, it } from 'vitest';
import type { Repository } from '../../src/repository/port.js';
import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { completionFor, makeClaim, makeConversation, makeMessage, makeUser } from '../contract/repository/fixtures.js';
import { remoteRepository } from './remote.js';

/**
 * Rows read are billed, so every statement the Durable Object stores run must find its rows
 * through an index (SQLite's `EXPLAIN QUERY PLAN` says `SEARCH … USING …`), never by reading a whole
 * table (`SCAN t`) — except the bounded ones named below. The statements are the ones the objects
 * actually ran for a workload that touches every port method (recorded in workerd by the bridge's
 * instrumented classes), with their real bindings.
 */
const BOUNDED_SCANS: Record<string, string> = {
  'SELECT count(*) AS n FROM outbox': 'the outbox holds at most one row per participant (coalesced)',
  'SELECT * FROM record LIMIT 1': 'an idempotency-key object holds one record',
  'SELECT user_id, read_message_id, read_at, unread FROM participants':
    "every participant's read state, for their list entries: a conversation has at most 256 participants",
  'UPDATE participants SET unread = unread + 1 WHERE user_id != ? AND unread < ? AND (read_message_id IS NULL OR read_message_id < ?)':
    'a post counts one more unread for every other participant (at most 256 rows)',
  'SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE id > ? AND author_id != ? LIMIT ?)':
    'the outer scan is of the subquery, which seeks the primary key and stops at the unread cap',
};

let repo: Repository;
async function plans(namespace: string, name: string) {
  const url = new URL(`object/${namespace}/${encodeURIComponent(name)}`, workerUrl(WORKERS.bridge));
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ method: 'queryPlans', args: [] }) });
  return ((await response.json()) as { value: Array<{ query: string; plan: string[] }> }).value;
}

beforeAll(async () => {
  repo = await remoteRepository(workerUrl(WORKERS.bridge), 'durable-object');
});

describe('durable-object queries (workerd)', () => {
  it('every statement of every object is index-backed (EXPLAIN QUERY PLAN), with the bounded exceptions named', async () => {
    const [a, b, c] = [makeUser(), makeUser(), makeUser()];
    for (const user of [a, b, c]) await repo.saveUser(user, 'absent');
    const renamed = { ...b, handle: `${b.handle}x`, version: 2 };
    await repo.saveUser(renamed, 1);
    await repo.getUserByHandle(renamed.handle);
    await repo.deleteUser(c.id, 1);

    const conversation = makeConversation(a.id, [b.id, c.id]);
    const claim = makeClaim();
    await repo.claimIdempotencyKey(claim);
    await repo.createConversation(conversation, completionFor(claim));
    await repo.claimIdempotencyKey({ ...claim, fingerprint: 'other', token: 'other' });
    const messages = Array.from({ length: 5 }, () => makeMessage(conversation.id, a.id));
    for (const message of messages) await repo.postMessage(message);
    const page = await repo.listMessages(conversation.id, { limit: 2 });
    await repo.listMessages(conversation.id, { limit: 2, cursor: page.cursor!, after: messages[0]!.id });
    await repo.getMessage(conversation.id, messages[1]!.id);
    await repo.updateMessage({ ...messages[1]!, body: 'edited', version: 2 }, 1);
    await repo.updateConversation({ ...conversation, participantIds: [a.id, b.id], version: 2 }, 1);
    for (let i = 0; i < 3; i++) await repo.createConversation(makeConversation(a.id));
    const listed = await repo.listConversations(a.id, { limit: 1 });
    await repo.listConversations(a.id, { limit: 1, cursor: listed.cursor! });
    const other = makeClaim();
    await repo.claimIdempotencyKey(other);
    await repo.releaseIdempotencyKey(other.key, other.token);

    const all = [
      ...(await plans('conversations', conversation.id)),
      ...(await plans('users', a.id)),
      ...(await plans('users', b.id)),
      ...(await plans('users', c.id)),
      ...(await plans('handles', renamed.handle)),
      ...(await plans('handles', b.handle)),
      ...(await plans('idempotency', claim.key)),
      ...(await plans('idempotency', other.key)),
    ];
    expect(all.length).toBeGreaterThan(20);
    const scans = all.filter(
      ({ query, plan }) => plan.some((step) => /^SCAN /.test(step)) && !(query in BOUNDED_SCANS),
    );
    expect(scans, JSON.stringify(scans, null, 2)).toEqual([]);
    console.log(
      JSON.stringify(
        all.map(({ query, plan }) => `${plan.join(' | ')}  ←  ${query}`),
        null,
        1,
      ),
    );
  });
});
