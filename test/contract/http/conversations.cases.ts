import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, uniqueId, versionTag } from './client.js';
import { LARGE_CONVERSATION_TIMEOUT_MS, type SuiteContext, startConversation, usersWithProfiles } from './context.js';

/** Lets the clock move on by a few milliseconds (ordering, not speed). */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const MISSING_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

export function conversationCases(ctx: SuiteContext): void {
  describe('conversations', () => {
    it('POST creates one with the caller as first participant and creator (who needs no profile)', async () => {
      const alice = await ctx.client().user();
      const bob = (await usersWithProfiles(ctx.client(), 1))[0]!.id;
      const result = await alice.call('POST', '/v1/conversations', {
        json: { title: 'Plans', participantIds: [bob, alice.id] },
      });
      const body = expectStatus(result, 201);
      expect(body).toMatchObject({
        title: 'Plans',
        createdBy: alice.id,
        participantIds: [alice.id, bob],
        version: 1,
        lastMessageId: null,
        lastReadMessageId: null,
        unreadCount: 0,
      });
      expect(body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(result.headers.get('etag')).toMatch(versionTag(1));
      expect(result.headers.get('location')).toBe(`/v1/conversations/${body.id}`);
      expect(Object.keys(body).sort()).toEqual([
        'createdAt',
        'createdBy',
        'id',
        'lastActivityAt',
        'lastMessageId',
        'lastReadMessageId',
        'participantIds',
        'title',
        'unreadCount',
        'updatedAt',
        'version',
      ]);
      const alone = expectStatus(await alice.call('POST', '/v1/conversations', { json: { participantIds: [] } }), 201);
      expect(alone).toMatchObject({ title: null, participantIds: [alice.id] });
    });

    it('users without a profile are a 422 listing them (only those, in request order); nothing is created', async () => {
      const alice = await ctx.client().user();
      const [bob] = await usersWithProfiles(ctx.client(), 1);
      const [ghost, other] = [uniqueId('ghost'), uniqueId('ghost')];
      const alone = expectProblem(
        await alice.call('POST', '/v1/conversations', { json: { participantIds: [ghost] } }),
        422,
        'unknown-participants',
      );
      expect(alone).toMatchObject({ title: 'Participants do not exist', unknownUserIds: [ghost] });
      expect(alone.detail).toContain(ghost);
      const request = {
        json: { participantIds: [other, bob!.id, alice.id, ghost], title: 'never' },
        headers: { 'idempotency-key': uniqueId('k') },
      };
      const mixed = expectProblem(await alice.call('POST', '/v1/conversations', request), 422, 'unknown-participants');
      expect(mixed.unknownUserIds).toEqual([other, ghost]);
      // Like any 4xx that depends on stored state, it is kept for its key: a retry replays it.
      const replay = await alice.call('POST', '/v1/conversations', request);
      expect(expectProblem(replay, 422, 'unknown-participants').unknownUserIds).toEqual([other, ghost]);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(expectStatus(await alice.call('GET', '/v1/conversations'), 200).items).toEqual([]);
      expect(expectStatus(await bob!.call('GET', '/v1/conversations'), 200).items).toEqual([]);
    });

    it('participants see it (with ETag); others get the same 404 as for a missing one', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const eve = await ctx.client().user();
      const conversation = await startConversation(alice, [bob]);
      const seen = await bob.call('GET', `/v1/conversations/${conversation.id}`);
      expect(expectStatus(seen, 200).id).toBe(conversation.id);
      expect(seen.headers.get('etag')).toMatch(versionTag(1));
      const hidden = expectProblem(await eve.call('GET', `/v1/conversations/${conversation.id}`), 404, 'not-found');
      const missing = expectProblem(await eve.call('GET', `/v1/conversations/${MISSING_ID}`), 404, 'not-found');
      const malformed = expectProblem(await eve.call('GET', '/v1/conversations/not-an-id'), 404, 'not-found');
      expect(hidden).toEqual(missing);
      expect(malformed).toEqual(missing);
    });

    it('duplicate participant ids are a 400', async () => {
      const alice = await ctx.client().user();
      const bob = uniqueId();
      const result = await alice.call('POST', '/v1/conversations', { json: { participantIds: [bob, bob] } });
      const problem = expectProblem(result, 400, 'validation-failed');
      expect(problem.errors[0].pointer).toBe('/participantIds');
    });

    it('participant ids must be user ids', async () => {
      const alice = await ctx.client().user();
      expectProblem(
        await alice.call('POST', '/v1/conversations', { json: { participantIds: [''] } }),
        400,
        'validation-failed',
      );
      expectProblem(
        await alice.call('POST', '/v1/conversations', { json: { participantIds: ['a\nb'] } }),
        400,
        'validation-failed',
      );
      expectProblem(
        await alice.call('POST', '/v1/conversations', { json: { participantIds: [42] } }),
        400,
        'validation-failed',
      );
      expectProblem(
        await alice.call('POST', '/v1/conversations', { json: { participantIds: ['x'.repeat(256)] } }),
        400,
        'validation-failed',
      );
    });

    it(
      '256 participants including the caller pass; 257 do not',
      async () => {
        const alice = await ctx.client().user();
        // Too many ids are refused before anyone is looked up, so those need no profiles.
        const others = (n: number) => Array.from({ length: n }, (_, i) => `${alice.id}-p${i}`);
        const members = (await usersWithProfiles(ctx.client(), 255)).map((member) => member.id);
        const full = await alice.call('POST', '/v1/conversations', { json: { participantIds: members } });
        expect(expectStatus(full, 201).participantIds).toHaveLength(256);
        const withSelf = await alice.call('POST', '/v1/conversations', {
          json: { participantIds: [...members, alice.id] },
        });
        expect(expectStatus(withSelf, 201).participantIds).toHaveLength(256);
        expectProblem(
          await alice.call('POST', '/v1/conversations', { json: { participantIds: others(256) } }),
          400,
          'validation-failed',
        );
        expectProblem(
          await alice.call('POST', '/v1/conversations', { json: { participantIds: others(257) } }),
          400,
          'validation-failed',
        );
      },
      LARGE_CONVERSATION_TIMEOUT_MS,
    );

    it('title: 200 characters pass, 201 do not; null is allowed', async () => {
      const alice = await ctx.client().user();
      expect(
        (await alice.call('POST', '/v1/conversations', { json: { participantIds: [], title: 't'.repeat(200) } }))
          .status,
      ).toBe(201);
      expect(
        (await alice.call('POST', '/v1/conversations', { json: { participantIds: [], title: null } })).status,
      ).toBe(201);
      const problem = expectProblem(
        await alice.call('POST', '/v1/conversations', { json: { participantIds: [], title: 't'.repeat(201) } }),
        400,
        'validation-failed',
      );
      expect(problem.errors).toContainEqual({ pointer: '/title', detail: expect.stringContaining('200') });
    });

    it('PATCH renames with If-Match (428 without, 412 stale), participants only', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const eve = await ctx.client().user();
      const { id } = await startConversation(alice, [bob], 'Old');
      const path = `/v1/conversations/${id}`;
      expectProblem(await bob.call('PATCH', path, { json: { title: 'New' } }), 428, 'precondition-required');
      expectProblem(
        await bob.call('PATCH', path, { json: { title: 'New' }, ifMatch: '"2"' }),
        412,
        'precondition-failed',
      );
      expectProblem(await eve.call('PATCH', path, { json: { title: 'Mine' }, ifMatch: '"1"' }), 404, 'not-found');
      const renamed = await bob.call('PATCH', path, { json: { title: 'New' }, ifMatch: '"1"' });
      expect(expectStatus(renamed, 200)).toMatchObject({ title: 'New', version: 2 });
      expect(renamed.headers.get('etag')).toMatch(versionTag(2));
      expectProblem(
        await bob.call('PATCH', path, { json: { title: 'Again' }, ifMatch: '"1"' }),
        412,
        'precondition-failed',
      );
      expectProblem(await bob.call('PATCH', path, { json: { name: 'x' }, ifMatch: '"2"' }), 400, 'validation-failed');
      expect(expectStatus(await alice.call('GET', path), 200).title).toBe('New');
    });

    it("the caller's list holds only their conversations, most recent activity first", async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const first = await startConversation(alice, [bob]);
      await tick(); // distinct activity timestamps, so the order is defined
      const second = await startConversation(alice, []);
      await startConversation(bob, []); // not Alice's
      let list = expectStatus(await alice.call('GET', '/v1/conversations'), 200);
      expect(list.items.map((c: { id: string }) => c.id)).toEqual([second.id, first.id]);
      expect(list.nextCursor).toBeNull();
      await tick();
      await alice.call('POST', `/v1/conversations/${first.id}/messages`, { json: { body: 'bump' } });
      list = expectStatus(await alice.call('GET', '/v1/conversations'), 200);
      expect(list.items.map((c: { id: string }) => c.id)).toEqual([first.id, second.id]);
      const bobs = expectStatus(await bob.call('GET', '/v1/conversations'), 200);
      expect(bobs.items).toHaveLength(2);
    });
  });
}
