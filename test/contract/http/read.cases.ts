import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, uniqueId } from './client.js';
import { postMessage, type SuiteContext, startConversation } from './context.js';

/** Read state (`PUT`/`GET /v1/conversations/{id}/read`, the caller's `unreadCount` in conversation replies). */
export function readStateCases(ctx: SuiteContext): void {
  async function twoMessagesFromAlice() {
    const alice = await ctx.client().user();
    const bob = await ctx.client().user();
    const { id } = await startConversation(alice, [bob]);
    const first = await postMessage(alice, id, 'one');
    const second = await postMessage(alice, id, 'two');
    return { alice, bob, id, first, second, path: `/v1/conversations/${id}/read` };
  }

  describe('read state', () => {
    it("others' messages are unread until marked; the author's own are read; the ETag follows", async () => {
      const { alice, bob, id, first, second, path } = await twoMessagesFromAlice();
      const before = await bob.call('GET', `/v1/conversations/${id}`);
      expect(expectStatus(before, 200)).toMatchObject({ unreadCount: 2, lastReadMessageId: null });
      expect(expectStatus(await alice.call('GET', `/v1/conversations/${id}`), 200)).toMatchObject({
        unreadCount: 0,
        lastReadMessageId: second.id,
      });
      const marked = await bob.call('PUT', path, { json: { messageId: first.id } });
      expect(expectStatus(marked, 200)).toMatchObject({
        conversationId: id,
        userId: bob.id,
        lastReadMessageId: first.id,
        unreadCount: 1,
      });
      expect(expectStatus(marked, 200).readAt).toEqual(expect.any(String));
      const after = await bob.call('GET', `/v1/conversations/${id}`);
      expect(expectStatus(after, 200)).toMatchObject({ unreadCount: 1, lastReadMessageId: first.id });
      expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
      const listed = expectStatus(await bob.call('GET', '/v1/conversations'), 200);
      expect(listed.items.find((c: { id: string }) => c.id === id)).toMatchObject({ unreadCount: 1 });
    });

    it('the horizon only moves forward: an older message changes nothing', async () => {
      const { bob, first, second, path } = await twoMessagesFromAlice();
      expectStatus(await bob.call('PUT', path, { json: { messageId: second.id } }), 200);
      const back = await bob.call('PUT', path, { json: { messageId: first.id } });
      expect(expectStatus(back, 200)).toMatchObject({ lastReadMessageId: second.id, unreadCount: 0 });
    });

    it("participants see every participant's horizon, not their unread counts; outsiders get 404", async () => {
      const { alice, bob, second, path } = await twoMessagesFromAlice();
      const states = expectStatus(await bob.call('GET', path), 200).items;
      expect(states.map((s: { userId: string }) => s.userId)).toEqual([alice.id, bob.id]);
      expect(states[0]).toMatchObject({ lastReadMessageId: second.id });
      expect(states[1]).toMatchObject({ lastReadMessageId: null });
      // The count is each reader's own: bob has two unread, which alice must not learn from here.
      for (const state of states)
        expect(Object.keys(state).sort()).toEqual(['conversationId', 'lastReadMessageId', 'readAt', 'userId']);
      const outsider = await ctx.client().user();
      expectProblem(await outsider.call('GET', path), 404, 'not-found');
      expectProblem(await outsider.call('PUT', path, { json: { messageId: second.id } }), 404, 'not-found');
    });

    it('a message of another conversation is a 422; a malformed body a 400; nothing moves', async () => {
      const { alice, bob, path } = await twoMessagesFromAlice();
      const { id: otherId } = await startConversation(alice, [bob]);
      const foreign = await postMessage(alice, otherId, 'elsewhere');
      expectProblem(await bob.call('PUT', path, { json: { messageId: foreign.id } }), 422, 'unknown-message');
      expectProblem(await bob.call('PUT', path, { json: { messageId: uniqueId('x') } }), 400, 'validation-failed');
      expectProblem(await bob.call('PUT', path, { json: {} }), 400, 'validation-failed');
      const states = expectStatus(await bob.call('GET', path), 200).items;
      expect(states.find((s: { userId: string }) => s.userId === bob.id)).toMatchObject({ lastReadMessageId: null });
    });
  });
}
