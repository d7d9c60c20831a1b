import { beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../src/domain/model.js';
import type { Repository } from '../../src/repository/port.js';
import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { makeConversation, makeMessage, newId } from '../contract/repository/fixtures.js';
import { remoteRepository } from './remote.js';

/**
 * The outbox of a conversation object, in workerd (through the bridge Worker, whose Durable Object
 * classes carry INJECTED FAULTS: test/adapters/cloudflare/durable-object-faults.ts). Deliveries to
 * users' lists fail, then the alarm that drains them dies part-way, again and again, until the
 * object is restarted: every user's list still converges to the conversation's last state, each
 * conversation listed once.
 */
let repo: Repository;

async function object(namespace: string, name: string, method: string, ...args: unknown[]): Promise<unknown> {
  const url = new URL(`object/${namespace}/${encodeURIComponent(name)}`, workerUrl(WORKERS.bridge));
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ method, args }) });
  return ((await response.json()) as { value?: unknown }).value;
}

interface OutboxState {
  pending: number;
  alarmRuns: number;
  alarmFailures: number;
}
const outbox = (id: string) => object('conversations', id, 'outboxState') as Promise<OutboxState>;

/** Polls `read` (an event we cannot await from Node: an alarm firing in workerd) until `done`, 30 s at most. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const listed = async (userId: string) => (await repo.listConversations(userId, { limit: 100 })).items;

beforeAll(async () => {
  repo = await remoteRepository(workerUrl(WORKERS.bridge), 'durable-object');
});

describe('durable-object outbox (workerd, injected faults)', () => {
  it('injected faults: deliveries fail, the alarm dies part-way, the object restarts → every list converges, no duplicates', async () => {
    const users = Array.from({ length: 6 }, () => newId());
    const conversation = makeConversation(users[0]!, users.slice(1));
    await repo.createConversation(conversation);
    for (const user of users) expect(await listed(user)).toStrictEqual([conversation]);

    await object('conversations', conversation.id, 'injectFaults', { failDeliveries: true });
    const messages = Array.from({ length: 5 }, (_, i) => makeMessage(conversation.id, users[i % users.length]!));
    for (const message of messages) await repo.postMessage(message);
    const latest = (await repo.getConversation(conversation.id)) as Conversation;
    expect(latest.lastMessageId).toBe(messages.at(-1)?.id);
    // Every write committed; each user's list still shows the conversation as created (one coalesced
    // row per user waits in the outbox).
    for (const user of users) expect(await listed(user)).toStrictEqual([conversation]);
    expect((await outbox(conversation.id)).pending).toBe(users.length);

    // Deliveries work again, but the alarm dies after 2 rows, and its retries die at once.
    await object('conversations', conversation.id, 'injectFaults', { failDeliveries: false, alarmThrowsAfter: 2 });
    const dying = await until(
      () => outbox(conversation.id),
      (state) => state.alarmFailures >= 2,
    );
    expect(dying).toMatchObject({ pending: users.length - 2, alarmFailures: 2 });
    const current = await Promise.all(users.map(async (user) => (await listed(user))[0]?.lastMessageId));
    expect(current.filter((id) => id === latest.lastMessageId)).toHaveLength(2);

    // Restart: the new instance finds undelivered rows and drains them from an alarm.
    await object('conversations', conversation.id, 'reset');
    const drained = await until(
      () => outbox(conversation.id),
      (state) => state.pending === 0,
    );
    expect(drained.pending).toBe(0);
    for (const user of users) expect(await listed(user)).toStrictEqual([latest]);
  });

  it('a delivery that arrives twice, or after a newer one, changes nothing', async () => {
    const user = newId();
    const conversation = makeConversation(user);
    await repo.createConversation(conversation);
    const renamed = { ...conversation, title: 'Renamed', version: 2 };
    await repo.updateConversation(renamed, 1);
    // Replays of the creation (change 1) after the rename (change 2), and of the rename itself.
    for (const [seq, record] of [
      [1, conversation],
      [2, renamed],
      [1, conversation],
    ] as const) {
      await object('users', user, 'applyMembership', { conversationId: conversation.id, seq, conversation: record });
    }
    expect(await listed(user)).toStrictEqual([renamed]);
    // A late "left" (change 1) cannot remove a current membership either.
    await object('users', user, 'applyMembership', { conversationId: conversation.id, seq: 1, conversation: null });
    expect(await listed(user)).toStrictEqual([renamed]);
  });

  it('a removed participant gets a tombstone that an older, delayed snapshot cannot undo', async () => {
    const [owner, leaver] = [newId(), newId()];
    const conversation = makeConversation(owner, [leaver]);
    await repo.createConversation(conversation);
    await repo.updateConversation({ ...conversation, participantIds: [owner], version: 2 }, 1);
    expect(await listed(leaver)).toStrictEqual([]);
    await object('users', leaver, 'applyMembership', { conversationId: conversation.id, seq: 1, conversation });
    expect(await listed(leaver)).toStrictEqual([]);
  });
});
