import { describe, expect, it } from 'vitest';
import { finishConversation, importConversation, importMessage, importUser } from '../../src/migration/import.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { makeConversation, makeMessage, makeUser, newId } from '../contract/repository/fixtures.js';

// The import steps through the port, on the reference backend; the whole move from KV into Durable
// Objects runs in workerd in test/adapters/cloudflare/migrate-kv.test.ts.
describe('importing records through the repository port', () => {
  it('writes a user once, skips it the second time, and refuses a handle someone else already has', async () => {
    const repo = createMemoryRepository();
    const user = makeUser();
    expect(await importUser(repo, user)).toBe('written');
    expect(await importUser(repo, user)).toBe('skipped');
    expect(await importUser(repo, makeUser({ handle: user.handle }))).toBe('refused');
    expect(await repo.getUserByHandle(user.handle)).toStrictEqual(user);
  });

  it('keeps a conversation exactly, activity included, and its messages do not move it', async () => {
    const repo = createMemoryRepository();
    const [a, b] = [newId(), newId()];
    const conversation = makeConversation(a, [b], { title: 'old' });
    const messages = [makeMessage(conversation.id, a), makeMessage(conversation.id, b)];
    const source = {
      ...conversation,
      lastMessageId: messages[1]!.id,
      lastActivityAt: messages[1]!.createdAt,
      version: 4,
    };
    expect(await importConversation(repo, source)).toBe('written');
    for (const message of [...messages].reverse())
      expect(await importMessage(repo, message, new Set())).toBe('written');
    expect(await importMessage(repo, messages[0]!, new Set())).toBe('skipped');
    expect(await importConversation(repo, source)).toBe('skipped');
    expect(await repo.getConversation(conversation.id)).toStrictEqual(source);
    expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([...messages].reverse());
  });

  it('imports the message of an author who left, then leaves the participants exactly as in the source', async () => {
    const repo = createMemoryRepository();
    const [owner, leaver] = [newId(), newId()];
    const source = makeConversation(owner, [], { version: 3 });
    await importConversation(repo, source);
    const readded = new Set<string>();
    const message = makeMessage(source.id, leaver, { body: 'before I left' });
    expect(await importMessage(repo, message, readded)).toBe('written');
    expect([...readded]).toEqual([leaver]);
    await finishConversation(repo, source, readded);
    expect(await repo.getConversation(source.id)).toMatchObject({ participantIds: [owner], version: 3 });
    expect(await repo.getMessage(source.id, message.id)).toStrictEqual(message);
    expect((await repo.listConversations(leaver, { limit: 5 })).items).toEqual([]);
  });

  it('refuses a message whose conversation does not exist (a KV crash leftover)', async () => {
    const repo = createMemoryRepository();
    expect(await importMessage(repo, makeMessage(newId(), newId()), new Set())).toBe('refused');
  });
});
