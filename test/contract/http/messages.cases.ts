import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, versionTag } from './client.js';
import { postMessage, type SuiteContext, startConversation } from './context.js';

export function messageCases(ctx: SuiteContext): void {
  /** Alice's message `body` in a conversation with Bob, and the message's path. */
  async function aliceMessageToBob(body: string) {
    const alice = await ctx.client().user();
    const bob = await ctx.client().user();
    const { id: conversationId } = await startConversation(alice, [bob]);
    const message = await postMessage(alice, conversationId, body);
    return { alice, bob, conversationId, message, path: `/v1/conversations/${conversationId}/messages/${message.id}` };
  }

  describe('messages', () => {
    it('a participant posts (201, Location, ETag); the conversation records the activity', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const { id } = await startConversation(alice, [bob]);
      const result = await bob.call('POST', `/v1/conversations/${id}/messages`, {
        json: { body: 'hi' },
      });
      const message = expectStatus(result, 201);
      expect(message).toMatchObject({
        conversationId: id,
        authorId: bob.id,
        body: 'hi',
        attachments: [],
        editedAt: null,
        deletedAt: null,
        version: 1,
      });
      expect(Object.keys(message).sort()).toEqual([
        'attachments',
        'authorId',
        'body',
        'conversationId',
        'createdAt',
        'deletedAt',
        'editedAt',
        'id',
        'version',
      ]);
      expect(result.headers.get('location')).toBe(`/v1/conversations/${id}/messages/${message.id}`);
      expect(result.headers.get('etag')).toMatch(versionTag(1));
      const read = await alice.call('GET', `/v1/conversations/${id}/messages/${message.id}`);
      expect(expectStatus(read, 200)).toEqual(message);
      const conversation = expectStatus(await alice.call('GET', `/v1/conversations/${id}`), 200);
      expect(conversation.lastMessageId).toBe(message.id);
      expect(conversation.version).toBe(1);
    });

    it('non-participants can neither post nor read (404, same as missing)', async () => {
      const alice = await ctx.client().user();
      const eve = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const message = await postMessage(alice, id);
      const missing = expectProblem(await eve.call('GET', `/v1/conversations/${id}`), 404);
      expect(
        expectProblem(await eve.call('POST', `/v1/conversations/${id}/messages`, { json: { body: 'x' } }), 404),
      ).toEqual(missing);
      expect(expectProblem(await eve.call('GET', `/v1/conversations/${id}/messages`), 404)).toEqual(missing);
      expect(expectProblem(await eve.call('GET', `/v1/conversations/${id}/messages/${message.id}`), 404)).toEqual(
        missing,
      );
      const edit = await eve.call('PATCH', `/v1/conversations/${id}/messages/${message.id}`, {
        json: { body: 'x' },
        ifMatch: '*',
      });
      expect(expectProblem(edit, 404)).toEqual(missing);
      expectProblem(
        await alice.call('GET', `/v1/conversations/${id}/messages/01ARZ3NDEKTSV4RRFFQ69G5FAV`),
        404,
        'not-found',
      );
    });

    it('body: 1 and 4000 characters pass; empty and 4001 do not', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const post = (json: unknown) => alice.call('POST', `/v1/conversations/${id}/messages`, { json });
      expect((await post({ body: 'x' })).status).toBe(201);
      expect((await post({ body: 'x'.repeat(4000) })).status).toBe(201);
      expectProblem(await post({ body: 'x'.repeat(4001) }), 400, 'validation-failed');
      expectProblem(await post({ body: '' }), 400, 'validation-failed');
      expectProblem(await post({ attachments: [] }), 400, 'validation-failed');
    });

    it('attachmentIds: at most 10 distinct ULIDs; the URL-only form is gone (400)', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const post = (json: unknown) => alice.call('POST', `/v1/conversations/${id}/messages`, { json });
      const ulid = '01JD0000000000000000000000';
      const bad: Array<[unknown, string]> = [
        [
          {
            body: 'a',
            attachmentIds: Array(11)
              .fill(ulid)
              .map((u, i) => u.slice(0, -2) + String(i).padStart(2, '0')),
          },
          '/attachmentIds',
        ],
        [{ body: 'a', attachmentIds: [ulid, ulid] }, '/attachmentIds'],
        [{ body: 'a', attachmentIds: ['nope'] }, '/attachmentIds/0'],
        [{ body: 'a', attachments: [{ url: 'https://media.example/a.png', mediaType: 'image/png' }] }, '/attachments'],
      ];
      for (const [json, pointer] of bad) {
        const problem = expectProblem(await post(json), 400, 'validation-failed');
        expect(problem.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
      }
    });

    it('only the author edits, with If-Match; editedAt and version move', async () => {
      const { alice, bob, path } = await aliceMessageToBob('first');
      expectProblem(await bob.call('PATCH', path, { json: { body: 'hijack' }, ifMatch: '"1"' }), 403, 'forbidden');
      expectProblem(await alice.call('PATCH', path, { json: { body: 'second' } }), 428, 'precondition-required');
      expectProblem(
        await alice.call('PATCH', path, { json: { body: 'second' }, ifMatch: '"2"' }),
        412,
        'precondition-failed',
      );
      expectProblem(await alice.call('PATCH', path, { json: {}, ifMatch: '"1"' }), 400, 'validation-failed');
      const edited = await alice.call('PATCH', path, {
        json: { body: 'second' },
        ifMatch: '"1"',
      });
      expect(expectStatus(edited, 200)).toMatchObject({
        body: 'second',
        attachments: [],
        version: 2,
        deletedAt: null,
      });
      expect(edited.body.editedAt).toEqual(expect.any(String));
      expect(edited.headers.get('etag')).toMatch(versionTag(2));
      expect(expectStatus(await bob.call('GET', path), 200).body).toBe('second');
    });

    it('only the author deletes; a tombstone stays readable and cannot be edited (409)', async () => {
      const { alice, bob, conversationId, message, path } = await aliceMessageToBob('secret');
      expectProblem(await bob.call('DELETE', path, { ifMatch: '"1"' }), 403, 'forbidden');
      expectProblem(await alice.call('DELETE', path), 428, 'precondition-required');
      expectProblem(await alice.call('DELETE', path, { ifMatch: '"9"' }), 412, 'precondition-failed');
      const deleted = await alice.call('DELETE', path, { ifMatch: '"1"' });
      expect(deleted.status).toBe(204);
      const tombstone = expectStatus(await bob.call('GET', path), 200);
      expect(tombstone).toMatchObject({ id: message.id, authorId: alice.id, body: '', attachments: [], version: 2 });
      expect(tombstone.deletedAt).toEqual(expect.any(String));
      expect((await alice.call('DELETE', path, { ifMatch: '"2"' })).status).toBe(204);
      expectProblem(
        await alice.call('PATCH', path, { json: { body: 'back' }, ifMatch: '"2"' }),
        409,
        'message-deleted',
      );
      const list = expectStatus(await bob.call('GET', `/v1/conversations/${conversationId}/messages`), 200);
      expect(list.items[0]).toMatchObject({ id: message.id, body: '', deletedAt: expect.any(String) });
    });
  });
}
