import { beforeAll, describe, expect, it } from 'vitest';
import type { Repository } from '../../src/repository/port.js';
import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { makeConversation, makeMessage, newId, conversationWithMessage } from '../contract/repository/fixtures.js';
import { remoteRepository } from './remote.js';

/**
 * Read state on the durable-object backend beyond the shared contract, in workerd (through the
 * bridge Worker, whose object classes add test-only controls: durable-object-faults.ts): the schema
 * migration over data written before read state existed, and list-entry deliveries that arrive
 * twice or late.
 */
let repo: Repository;

async function object(namespace: string, name: string, method: string, ...args: unknown[]): Promise<unknown> {
  const url = new URL(`object/${namespace}/${encodeURIComponent(name)}`, workerUrl(WORKERS.bridge));
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ method, args }) });
  const body = (await response.json()) as { value?: unknown; error?: { message: string } };
  // A reset answers with the abort it caused.
  if (body.error && method !== 'reset') throw new Error(body.error.message);
  return body.value;
}

beforeAll(async () => {
  repo = await remoteRepository(workerUrl(WORKERS.bridge), 'durable-object');
});

describe('durable-object read state (workerd)', () => {
  it('migrating an object written before read state counts every participant’s unread from the stored messages', async () => {
    const [a, b] = [newId(), newId()];
    const conversation = makeConversation(a, [b]);
    await repo.createConversation(conversation);
    const posts = [a, a, a, b].map((author) => makeMessage(conversation.id, author));
    for (const message of posts) await repo.postMessage(message);

    await object('conversations', conversation.id, 'undoReadStateMigration');
    await object('conversations', conversation.id, 'reset');
    // The new instance runs migration 3: no horizon is known, unread = messages by the others.
    expect(await repo.listReadStates(conversation.id)).toEqual([
      { conversationId: conversation.id, userId: a, lastReadMessageId: null, readAt: null, unreadCount: 1 },
      { conversationId: conversation.id, userId: b, lastReadMessageId: null, readAt: null, unreadCount: 3 },
    ]);
    // And the object works on: a horizon moves, a post counts for the other.
    const marked = await repo.markRead(conversation.id, b, posts[1]!.id, '2026-01-01T00:00:00.000Z');
    expect(marked).toMatchObject({ moved: true, state: { unreadCount: 1 } });
    await repo.postMessage(makeMessage(conversation.id, a));
    expect((await repo.getReadStates(b, [conversation.id]))[0]?.unreadCount).toBe(2);
  });

  it('a list-entry delivery that arrives twice or after a newer one does not roll the read state back', async () => {
    const { b, conversation, message: first } = await conversationWithMessage(repo);
    const afterPost = await repo.getConversation(conversation.id);
    await repo.markRead(conversation.id, b, first.id, '2026-01-01T00:00:00.000Z');
    const read = (await repo.getReadStates(b, [conversation.id]))[0];
    expect(read).toMatchObject({ lastReadMessageId: first.id, unreadCount: 0 });
    // Replays of change 2 (the post: one unread) and of the creation (change 1), after the markRead (change 3).
    const stale = { lastReadMessageId: null, readAt: null, unreadCount: 1 };
    await object('users', b, 'applyMembership', {
      conversationId: conversation.id,
      seq: 2,
      conversation: afterPost,
      read: stale,
    });
    await object('users', b, 'applyMembership', {
      conversationId: conversation.id,
      seq: 1,
      conversation,
      read: { ...stale, unreadCount: 0 },
    });
    expect((await repo.getReadStates(b, [conversation.id]))[0]).toEqual(read);
    expect((await repo.listConversations(b, { limit: 10 })).readStates).toEqual([read]);
  });

  it('a conversation that is gone or that the user left answers null/0 from the user’s object', async () => {
    const { a, b, conversation, message } = await conversationWithMessage(repo);
    await repo.updateConversation({ ...conversation, participantIds: [a], version: 2 }, 1);
    const none = (id: string) => ({
      conversationId: id,
      userId: b,
      lastReadMessageId: null,
      readAt: null,
      unreadCount: 0,
    });
    const missing = newId();
    expect(await repo.getReadStates(b, [conversation.id, missing])).toEqual([none(conversation.id), none(missing)]);
    expect((await repo.getReadStates(a, [conversation.id]))[0]).toMatchObject({ lastReadMessageId: message.id });
  });
});
