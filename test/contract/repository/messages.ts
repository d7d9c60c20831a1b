import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/domain/model.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../../../src/repository/errors.js';
import type { ContractContext } from './fixtures.js';
import * as records from './fixtures.js';

export function messageCases({ repository: repo }: ContractContext): void {
  async function conversationWith(...others: string[]) {
    const conversation = records.makeConversation(records.newId(), others);
    await repo.createConversation(conversation);
    return conversation;
  }
  async function post(conversationId: string, authorId: string, count: number): Promise<Message[]> {
    const posted: Message[] = [];
    for (let i = 0; i < count; i++) {
      const message = records.makeMessage(conversationId, authorId);
      await repo.postMessage(message);
      posted.push(message);
    }
    return posted;
  }

  describe('messages', () => {
    it('stores a message and bumps its conversation, returning it as bumped', async () => {
      const conversation = await conversationWith(records.newId());
      const message = records.makeMessage(conversation.id, conversation.participantIds[1]!);
      const bumped = await repo.postMessage(message);
      expect(bumped).toStrictEqual({
        ...conversation,
        lastActivityAt: message.createdAt,
        lastMessageId: message.id,
      });
      expect(await repo.getConversation(conversation.id)).toStrictEqual(bumped);
      expect(await repo.getMessage(conversation.id, message.id)).toStrictEqual(message);
    });

    it('answers null for an unknown message or the wrong conversation', async () => {
      const conversation = await conversationWith();
      const [message] = await post(conversation.id, conversation.createdBy, 1);
      expect(await repo.getMessage(conversation.id, records.newId())).toBeNull();
      expect(await repo.getMessage(records.newId(), message!.id)).toBeNull();
    });

    it('is NotFound when the conversation does not exist', async () => {
      const message = records.makeMessage(records.newId(), records.newId());
      await records.expectRejection(repo.postMessage(message), NotFoundError);
      expect(await repo.getMessage(message.conversationId, message.id)).toBeNull();
    });

    it('refuses a non-participant and writes nothing', async () => {
      const conversation = await conversationWith(records.newId());
      const message = records.makeMessage(conversation.id, records.newId());
      await records.expectRejection(repo.postMessage(message), ConflictError, { reason: 'not_participant' });
      expect(await repo.getMessage(conversation.id, message.id)).toBeNull();
      expect(await repo.getConversation(conversation.id)).toStrictEqual(conversation);
      expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toEqual([]);
    });

    it('refuses a participant who was removed', async () => {
      const conversation = await conversationWith(records.newId());
      const leaver = conversation.participantIds[1]!;
      await repo.updateConversation({ ...conversation, participantIds: [conversation.createdBy], version: 2 }, 1);
      await records.expectRejection(repo.postMessage(records.makeMessage(conversation.id, leaver)), ConflictError, {
        reason: 'not_participant',
      });
    });

    it('refuses a message id that is already stored', async () => {
      const conversation = await conversationWith();
      const [message] = await post(conversation.id, conversation.createdBy, 1);
      const copy = { ...message!, body: 'again' };
      await records.expectRejection(repo.postMessage(copy), ConflictError, { reason: 'exists' });
      expect(await repo.getMessage(conversation.id, message!.id)).toStrictEqual(message);
    });

    it('lists newest first and pages 7 messages 3 at a time with no duplicates or omissions', async () => {
      const conversation = await conversationWith();
      const posted = await post(conversation.id, conversation.createdBy, 7);
      const pages = await records.collectPages(
        (cursor) => repo.listMessages(conversation.id, { limit: 3, ...(cursor ? { cursor } : {}) }),
        3,
      );
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toStrictEqual([...posted].reverse());
    });

    it('with `after`, lists only newer messages, oldest first, across pages up to the newest', async () => {
      const conversation = await conversationWith();
      const posted = await post(conversation.id, conversation.createdBy, 7);
      const after = posted[1]!.id;
      const pages = await records.collectPages(
        (cursor) => repo.listMessages(conversation.id, { limit: 2, after, ...(cursor ? { cursor } : {}) }),
        2,
      );
      expect(pages.flat().map((m) => m.id)).toEqual(posted.slice(2).map((m) => m.id));
      const first = await repo.listMessages(conversation.id, { limit: 1, after });
      expect(first.items).toStrictEqual([posted[2]]);
      expect(first.cursor).not.toBeNull();
      const newest = posted[6]!.id;
      expect(await repo.listMessages(conversation.id, { limit: 5, after: newest })).toStrictEqual({
        items: [],
        cursor: null,
      });
    });

    it('answers an empty last page for a conversation without messages', async () => {
      const conversation = await conversationWith();
      expect(await repo.listMessages(conversation.id, { limit: 25 })).toStrictEqual({ items: [], cursor: null });
    });

    it('edits and tombstones at the expected version, in place in the timeline', async () => {
      const conversation = await conversationWith();
      const [first, second] = await post(conversation.id, conversation.createdBy, 2);
      const edited = { ...first!, body: 'edited', editedAt: new Date().toISOString(), version: 2 };
      await repo.updateMessage(edited, 1);
      expect(await repo.getMessage(conversation.id, first!.id)).toStrictEqual(edited);
      const tombstone = { ...edited, body: '', attachments: [], deletedAt: new Date().toISOString(), version: 3 };
      await repo.updateMessage(tombstone, 2);
      const listed = await repo.listMessages(conversation.id, { limit: 10 });
      expect(listed.items).toStrictEqual([second, tombstone]);
    });

    it('writes nothing on a stale message version and is NotFound for an unknown message', async () => {
      const conversation = await conversationWith();
      const [message] = await post(conversation.id, conversation.createdBy, 1);
      await records.expectRejection(
        repo.updateMessage({ ...message!, body: 'stale', version: 2 }, 5),
        VersionMismatchError,
      );
      expect(await repo.getMessage(conversation.id, message!.id)).toStrictEqual(message);
      const ghost = records.makeMessage(conversation.id, conversation.createdBy);
      await records.expectRejection(repo.updateMessage({ ...ghost, version: 2 }, 1), NotFoundError);
      expect(await repo.getMessage(conversation.id, ghost.id)).toBeNull();
    });
  });
}
