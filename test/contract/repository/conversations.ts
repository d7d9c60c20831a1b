import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../src/domain/model.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../../../src/repository/errors.js';
import {
  at,
  collectPages,
  expectRejection,
  makeConversation,
  makeMessage,
  newId,
  type ContractContext,
} from './fixtures.js';

export function conversationCases({ repository: repo }: ContractContext): void {
  const listIds = async (userId: string) =>
    (await repo.listConversations(userId, { limit: 100 })).items.map((c) => c.id);

  describe('conversations', () => {
    it('creates and reads back exactly what was written', async () => {
      const conversation = makeConversation(newId(), [newId()]);
      await repo.createConversation(conversation);
      expect(await repo.getConversation(conversation.id)).toStrictEqual(conversation);
      expect(await repo.getConversation(newId())).toBeNull();
    });

    it('refuses an id that exists and keeps the stored record', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const again = { ...conversation, title: 'Other', participantIds: [conversation.createdBy, newId()] };
      await expectRejection(repo.createConversation(again), ConflictError, { reason: 'exists' });
      expect(await repo.getConversation(conversation.id)).toStrictEqual(conversation);
      expect(await listIds(again.participantIds[1]!)).toEqual([]);
    });

    it('indexes a new conversation for every participant and nobody else', async () => {
      const [a, b, outsider] = [newId(), newId(), newId()];
      const conversation = makeConversation(a, [b]);
      await repo.createConversation(conversation);
      const page = await repo.listConversations(a, { limit: 10 });
      expect(page).toStrictEqual({
        items: [conversation],
        cursor: null,
        readStates: [
          { conversationId: conversation.id, userId: a, lastReadMessageId: null, readAt: null, unreadCount: 0 },
        ],
      });
      expect(await listIds(b)).toEqual([conversation.id]);
      expect(await listIds(outsider)).toEqual([]);
    });

    it('renames at the expected version and writes nothing on a mismatch', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const renamed = { ...conversation, title: 'Renamed', updatedAt: at(5), version: 2 };
      await repo.updateConversation(renamed, 1);
      expect(await repo.getConversation(conversation.id)).toStrictEqual(renamed);
      const stale = { ...conversation, title: 'Stale', participantIds: [conversation.createdBy, newId()], version: 2 };
      await expectRejection(repo.updateConversation(stale, 1), VersionMismatchError);
      expect(await repo.getConversation(conversation.id)).toStrictEqual(renamed);
      expect(await listIds(stale.participantIds[1]!)).toEqual([]);
    });

    it('is NotFound when updating a conversation that does not exist', async () => {
      const conversation = makeConversation(newId());
      await expectRejection(repo.updateConversation({ ...conversation, version: 2 }, 1), NotFoundError);
      expect(await repo.getConversation(conversation.id)).toBeNull();
      expect(await listIds(conversation.createdBy)).toEqual([]);
    });

    it('keeps every participant index in step with added and removed participants', async () => {
      const [a, b, c] = [newId(), newId(), newId()];
      const conversation = makeConversation(a, [b]);
      await repo.createConversation(conversation);
      const next = { ...conversation, participantIds: [a, c], version: 2 };
      await repo.updateConversation(next, 1);
      expect(await listIds(a)).toEqual([conversation.id]);
      expect(await listIds(b)).toEqual([]);
      expect(await listIds(c)).toEqual([conversation.id]);
      expect((await repo.listConversations(c, { limit: 10 })).items).toStrictEqual([next]);
      await repo.updateConversation({ ...next, participantIds: [c], version: 3 }, 2);
      expect(await listIds(a)).toEqual([]);
      expect(await listIds(c)).toEqual([conversation.id]);
    });

    it('keeps the stored activity when an update carries an older one', async () => {
      const [a, b] = [newId(), newId()];
      const conversation = makeConversation(a, [b]);
      await repo.createConversation(conversation);
      const message = makeMessage(conversation.id, b);
      const bumped = await repo.postMessage(message);
      await repo.updateConversation({ ...conversation, title: 'Renamed', version: 2 }, 1);
      const stored = await repo.getConversation(conversation.id);
      expect(stored).toStrictEqual({ ...bumped, title: 'Renamed', version: 2 });
      expect(stored?.lastMessageId).toBe(message.id);
    });

    it('lists most recent activity first, and a posted message moves its conversation up', async () => {
      const [a, b] = [newId(), newId()];
      const made: Conversation[] = [];
      for (const second of [1, 2, 3]) {
        const conversation = makeConversation(a, [b], { lastActivityAt: at(second) });
        await repo.createConversation(conversation);
        made.push(conversation);
      }
      const [c1, c2, c3] = made.map((c) => c.id);
      expect(await listIds(a)).toEqual([c3, c2, c1]);
      await repo.postMessage(makeMessage(c1!, b));
      expect(await listIds(a)).toEqual([c1, c3, c2]);
      expect(await listIds(b)).toEqual([c1, c3, c2]);
      const [first] = (await repo.listConversations(a, { limit: 1 })).items;
      expect(first).toStrictEqual(await repo.getConversation(c1!));
    });

    it('pages through 7 conversations 3 at a time with no duplicates or omissions', async () => {
      const user = newId();
      const expected: string[] = [];
      for (let second = 1; second <= 7; second++) {
        const conversation = makeConversation(user, [], { lastActivityAt: at(second) });
        await repo.createConversation(conversation);
        expected.unshift(conversation.id);
      }
      const pages = await collectPages(
        async (cursor) => repo.listConversations(user, { limit: 3, ...(cursor ? { cursor } : {}) }),
        3,
      );
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat().map((c) => c.id)).toEqual(expected);
    });

    it('answers an empty last page for a user with no conversations', async () => {
      expect(await repo.listConversations(newId(), { limit: 25 })).toStrictEqual({
        items: [],
        cursor: null,
        readStates: [],
      });
    });
  });
}
