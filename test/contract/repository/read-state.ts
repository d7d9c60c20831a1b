import { describe, expect, it } from 'vitest';
import type { Conversation, Message, ReadState } from '../../../src/domain/model.js';
import { LIMITS } from '../../../src/domain/rules.js';
import { ConflictError, NotFoundError } from '../../../src/repository/errors.js';
import { at, type ContractContext, expectRejection, makeConversation, makeMessage, newId } from './fixtures.js';

/** A participant's state before any message: what creation and unknown ids answer. */
const fresh = (conversationId: string, userId: string): ReadState => ({
  conversationId,
  userId,
  lastReadMessageId: null,
  readAt: null,
  unreadCount: 0,
});

/** Read state (`src/schemas/read-state.ts` has the rules, `markRead` & co. in `src/repository/port.ts`). */
export function readStateCases({ repository: repo }: ContractContext): void {
  async function conversationOf(...participants: string[]): Promise<Conversation> {
    const conversation = makeConversation(participants[0]!, participants.slice(1));
    await repo.createConversation(conversation);
    return conversation;
  }
  async function post(conversationId: string, authorId: string, count = 1): Promise<Message[]> {
    const posted: Message[] = [];
    for (let i = 0; i < count; i++) {
      const message = makeMessage(conversationId, authorId);
      await repo.postMessage(message);
      posted.push(message);
    }
    return posted;
  }
  /** `userId`'s state as every read path answers it (they must agree). */
  async function stateOf(conversationId: string, userId: string): Promise<ReadState> {
    const [viaGet] = await repo.getReadStates(userId, [conversationId]);
    const viaList = (await repo.listReadStates(conversationId)).find((s) => s.userId === userId);
    expect(viaList, `${userId} in listReadStates`).toStrictEqual(viaGet);
    return viaGet!;
  }
  const unreadOf = async (conversationId: string, userId: string) =>
    (await stateOf(conversationId, userId)).unreadCount;

  describe('read state', () => {
    it('starts every participant of a new conversation at null/0, in participant order', async () => {
      const [a, b, c] = [newId(), newId(), newId()];
      const conversation = await conversationOf(a, b, c);
      expect(await repo.listReadStates(conversation.id)).toStrictEqual([a, b, c].map((u) => fresh(conversation.id, u)));
      expect(await repo.getReadStates(b, [conversation.id])).toStrictEqual([fresh(conversation.id, b)]);
      expect((await repo.listConversations(c, { limit: 10 })).readStates).toStrictEqual([fresh(conversation.id, c)]);
    });

    it("moves the author's horizon to their message and counts it unread for the others", async () => {
      const [a, b, c] = [newId(), newId(), newId()];
      const conversation = await conversationOf(a, b, c);
      const [message] = await post(conversation.id, a);
      expect(await stateOf(conversation.id, a)).toStrictEqual({
        conversationId: conversation.id,
        userId: a,
        lastReadMessageId: message!.id,
        readAt: message!.createdAt,
        unreadCount: 0,
      });
      expect(await stateOf(conversation.id, b)).toStrictEqual({ ...fresh(conversation.id, b), unreadCount: 1 });
      await post(conversation.id, b, 2);
      expect(await unreadOf(conversation.id, a)).toBe(2);
      expect(await unreadOf(conversation.id, b)).toBe(0);
      expect(await unreadOf(conversation.id, c)).toBe(3);
    });

    it('moves the horizon forward only, recounting what is left unread', async () => {
      const [a, b] = [newId(), newId()];
      const conversation = await conversationOf(a, b);
      const [m1, m2, m3] = await post(conversation.id, a, 3);
      const first = await repo.markRead(conversation.id, b, m2!.id, at(10));
      const expected: ReadState = {
        conversationId: conversation.id,
        userId: b,
        lastReadMessageId: m2!.id,
        readAt: at(10),
        unreadCount: 1,
      };
      expect(first).toStrictEqual({ moved: true, state: expected });
      expect(await stateOf(conversation.id, b)).toStrictEqual(expected);
      // Equal or older: nothing changes, and the stored state comes back.
      expect(await repo.markRead(conversation.id, b, m2!.id, at(20))).toStrictEqual({ moved: false, state: expected });
      expect(await repo.markRead(conversation.id, b, m1!.id, at(30))).toStrictEqual({ moved: false, state: expected });
      expect(await stateOf(conversation.id, b)).toStrictEqual(expected);
      const last = await repo.markRead(conversation.id, b, m3!.id, at(40));
      expect(last).toStrictEqual({
        moved: true,
        state: { ...expected, lastReadMessageId: m3!.id, readAt: at(40), unreadCount: 0 },
      });
    });

    it('counts tombstoned messages as unread', async () => {
      const [a, b] = [newId(), newId()];
      const conversation = await conversationOf(a, b);
      const [m1, m2] = await post(conversation.id, a, 2);
      await repo.updateMessage({ ...m2!, body: '', deletedAt: at(50), version: 2 }, 1);
      expect(await unreadOf(conversation.id, b)).toBe(2);
      expect((await repo.markRead(conversation.id, b, m1!.id, at(60))).state.unreadCount).toBe(1);
      expect(await unreadOf(conversation.id, b)).toBe(1);
    });

    it('is NotFound for an unknown conversation and not_participant for an outsider, changing nothing', async () => {
      const [a, b, outsider] = [newId(), newId(), newId()];
      const conversation = await conversationOf(a, b);
      const [message] = await post(conversation.id, a);
      await expectRejection(repo.markRead(newId(), a, message!.id, at(1)), NotFoundError);
      await expectRejection(repo.markRead(conversation.id, outsider, message!.id, at(1)), ConflictError, {
        reason: 'not_participant',
      });
      expect((await repo.listReadStates(conversation.id)).map((s) => s.userId)).toEqual([a, b]);
      expect(await repo.getReadStates(outsider, [conversation.id])).toStrictEqual([fresh(conversation.id, outsider)]);
    });

    it('answers null/0 for unknown conversations and ones the user is not in, in the order asked', async () => {
      const [a, b, outsider] = [newId(), newId(), newId()];
      const conversation = await conversationOf(a, b);
      await post(conversation.id, a);
      const unknown = newId();
      expect(await repo.getReadStates(outsider, [conversation.id, unknown])).toStrictEqual([
        fresh(conversation.id, outsider),
        fresh(unknown, outsider),
      ]);
      const [mine, none] = await repo.getReadStates(b, [conversation.id, unknown]);
      expect(mine?.unreadCount).toBe(1);
      expect(none).toStrictEqual(fresh(unknown, b));
      expect(await repo.getReadStates(b, [])).toStrictEqual([]);
      expect(await repo.listReadStates(unknown)).toStrictEqual([]);
    });

    it('drops a removed participant and starts one added later at the last message', async () => {
      const [a, b, c] = [newId(), newId(), newId()];
      const conversation = await conversationOf(a, b);
      const [, last] = await post(conversation.id, a, 2);
      const stored = (await repo.getConversation(conversation.id))!;
      await repo.updateConversation({ ...stored, participantIds: [a, c], updatedAt: at(70), version: 2 }, 1);
      const states = await repo.listReadStates(conversation.id);
      expect(states.map((s) => s.userId)).toEqual([a, c]);
      expect(states[1]).toMatchObject({ lastReadMessageId: last!.id, unreadCount: 0 });
      expect(await repo.getReadStates(b, [conversation.id])).toStrictEqual([fresh(conversation.id, b)]);
      // A's horizon survives the participant change; C counts from where they joined.
      expect((await stateOf(conversation.id, a)).lastReadMessageId).toBe(last!.id);
      await post(conversation.id, a);
      expect(await unreadOf(conversation.id, c)).toBe(1);
      // B back later: from the last message again, nothing of the old horizon kept.
      const again = (await repo.getConversation(conversation.id))!;
      await repo.updateConversation({ ...again, participantIds: [a, c, b], updatedAt: at(80), version: 3 }, 2);
      expect(await stateOf(conversation.id, b)).toMatchObject({
        lastReadMessageId: again.lastMessageId,
        unreadCount: 0,
      });
    });

    it(`caps unreadCount at LIMITS.unreadCap (${LIMITS.unreadCap})`, async () => {
      const [a, b] = [newId(), newId()];
      const conversation = await conversationOf(a, b);
      const posted = await post(conversation.id, a, LIMITS.unreadCap + 2);
      expect(await unreadOf(conversation.id, b)).toBe(LIMITS.unreadCap);
      // After the first: 101 left, still shown as the cap; after the second: exactly the cap.
      expect((await repo.markRead(conversation.id, b, posted[0]!.id, at(1))).state.unreadCount).toBe(LIMITS.unreadCap);
      expect((await repo.markRead(conversation.id, b, posted[2]!.id, at(2))).state.unreadCount).toBe(
        LIMITS.unreadCap - 1,
      );
      expect(await unreadOf(conversation.id, b)).toBe(LIMITS.unreadCap - 1);
    });

    it("lists each conversation with the caller's read state beside it, page by page", async () => {
      const [a, b] = [newId(), newId()];
      const made: Conversation[] = [];
      for (let i = 0; i < 3; i++) made.push(await conversationOf(a, b));
      for (const [i, conversation] of made.entries()) await post(conversation.id, a, i + 1);
      const first = await repo.listConversations(b, { limit: 2 });
      const rest = await repo.listConversations(b, { limit: 2, cursor: first.cursor! });
      const items = [...first.items, ...rest.items];
      const readStates = [...first.readStates, ...rest.readStates];
      expect(first.readStates).toHaveLength(first.items.length);
      expect(rest.readStates).toHaveLength(rest.items.length);
      // Most recent activity first: the conversation with 3 messages, then 2, then 1.
      expect(items.map((c) => c.id)).toEqual(made.map((c) => c.id).reverse());
      expect(readStates.map((s) => [s.conversationId, s.userId, s.unreadCount])).toEqual(
        items.map((c, i) => [c.id, b, 3 - i]),
      );
      expect((await repo.listConversations(a, { limit: 10 })).readStates.map((s) => s.unreadCount)).toEqual([0, 0, 0]);
      expect(await repo.listConversations(newId(), { limit: 10 })).toStrictEqual({
        items: [],
        cursor: null,
        readStates: [],
      });
    });

    it('never leaves unreadCount wrong when posts race marking read', async () => {
      const [a, b] = [newId(), newId()];
      const conversation = await conversationOf(a, b);
      let [newest] = await post(conversation.id, a);
      for (let round = 0; round < 5; round++) {
        const next = makeMessage(conversation.id, a);
        await Promise.all([repo.markRead(conversation.id, b, newest!.id, at(round)), repo.postMessage(next)]);
        // Whichever went first, B has read `newest` and has exactly `next` left.
        expect(await stateOf(conversation.id, b)).toMatchObject({ lastReadMessageId: newest!.id, unreadCount: 1 });
        newest = next;
      }
      expect((await repo.markRead(conversation.id, b, newest!.id, at(9))).state.unreadCount).toBe(0);
      await post(conversation.id, a);
      expect(await unreadOf(conversation.id, b)).toBe(1);
    });
  });
}
