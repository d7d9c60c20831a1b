import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, uniqueId, versionTag } from './client.js';
import {
  ensureProfiles,
  LARGE_CONVERSATION_TIMEOUT_MS,
  type SuiteContext,
  startConversation,
  usersWithProfiles,
} from './context.js';

export function participantCases(ctx: SuiteContext): void {
  describe('participants', () => {
    it('any participant may add; ids already present are ignored; the added can see it', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const carol = await ctx.client().user();
      const { id } = await startConversation(alice, [bob]);
      await ensureProfiles([carol]);
      const path = `/v1/conversations/${id}/participants`;
      const added = await bob.call('POST', path, { json: { participantIds: [carol.id, alice.id] } });
      expect(expectStatus(added, 200)).toMatchObject({ participantIds: [alice.id, bob.id, carol.id], version: 2 });
      expect(added.headers.get('etag')).toMatch(versionTag(2));
      expect((await carol.call('GET', `/v1/conversations/${id}`)).status).toBe(200);
      const again = await bob.call('POST', path, { json: { participantIds: [carol.id] } });
      expect(expectStatus(again, 200).version).toBe(2);
    });

    it('adding users without a profile is a 422 listing them (only those), and adds no one', async () => {
      const alice = await ctx.client().user();
      const [bob, carol] = await usersWithProfiles(ctx.client(), 2);
      const { id } = await startConversation(alice, [bob!]);
      const path = `/v1/conversations/${id}/participants`;
      const ghost = uniqueId('ghost');
      const other = uniqueId('ghost');
      const problem = expectProblem(
        await bob!.call('POST', path, { json: { participantIds: [ghost, carol!.id, alice.id, other] } }),
        422,
        'unknown-participants',
      );
      expect(problem.unknownUserIds).toEqual([ghost, other]);
      expect(problem.title).toBe('Participants do not exist');
      expect(problem.detail).toContain(ghost);
      const unchanged = expectStatus(await alice.call('GET', `/v1/conversations/${id}`), 200);
      expect(unchanged).toMatchObject({ participantIds: [alice.id, bob!.id], version: 1 });
      expectProblem(await carol!.call('GET', `/v1/conversations/${id}`), 404, 'not-found');
    });

    it('a non-participant cannot add (404), nor add themselves', async () => {
      const alice = await ctx.client().user();
      const eve = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const result = await eve.call('POST', `/v1/conversations/${id}/participants`, {
        json: { participantIds: [eve.id] },
      });
      expectProblem(result, 404, 'not-found');
    });

    it(
      'add: an empty list or duplicates are a 400; the 256-participant cap is a 409',
      async () => {
        const alice = await ctx.client().user();
        const [n1, n2, ...others] = await usersWithProfiles(ctx.client(), 256);
        const { id } = await startConversation(alice, others);
        const path = `/v1/conversations/${id}/participants`;
        expectProblem(await alice.call('POST', path, { json: { participantIds: [] } }), 400, 'validation-failed');
        expectProblem(
          await alice.call('POST', path, { json: { participantIds: ['x', 'x'] } }),
          400,
          'validation-failed',
        );
        expectProblem(
          await alice.call('POST', path, { json: { participantIds: [n1!.id, n2!.id] } }),
          409,
          'participant-limit',
        );
        const filled = await alice.call('POST', path, { json: { participantIds: [n1!.id] } });
        expect(expectStatus(filled, 200).participantIds).toHaveLength(256);
        expectProblem(await alice.call('POST', path, { json: { participantIds: [n2!.id] } }), 409, 'participant-limit');
      },
      LARGE_CONVERSATION_TIMEOUT_MS,
    );

    it('anyone may leave; afterwards the conversation is hidden from them', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const { id } = await startConversation(alice, [bob]);
      const path = `/v1/conversations/${id}/participants/${encodeURIComponent(bob.id)}`;
      expectProblem(await bob.call('DELETE', path), 428, 'precondition-required');
      expectProblem(await bob.call('DELETE', path, { ifMatch: '"5"' }), 412, 'precondition-failed');
      const left = await bob.call('DELETE', path, { ifMatch: '"1"' });
      expect(left.status).toBe(204);
      expectProblem(await bob.call('GET', `/v1/conversations/${id}`), 404, 'not-found');
      expectProblem(await bob.call('GET', `/v1/conversations/${id}/messages`), 404, 'not-found');
      const now = expectStatus(await alice.call('GET', `/v1/conversations/${id}`), 200);
      expect(now).toMatchObject({ participantIds: [alice.id], version: 2 });
    });

    it('only the creator may remove others (403 for other participants)', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const carol = await ctx.client().user();
      const { id } = await startConversation(alice, [bob, carol]);
      const remove = (who: string) => `/v1/conversations/${id}/participants/${encodeURIComponent(who)}`;
      expectProblem(await bob.call('DELETE', remove(carol.id), { ifMatch: '"1"' }), 403, 'forbidden');
      expect((await alice.call('DELETE', remove(carol.id), { ifMatch: '"1"' })).status).toBe(204);
      expectProblem(await carol.call('GET', `/v1/conversations/${id}`), 404, 'not-found');
      expectProblem(await alice.call('DELETE', remove(uniqueId()), { ifMatch: '"2"' }), 404, 'not-found');
    });

    it('an outsider removing anyone gets the hidden-conversation 404', async () => {
      const alice = await ctx.client().user();
      const eve = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const result = await eve.call('DELETE', `/v1/conversations/${id}/participants/${encodeURIComponent(alice.id)}`, {
        ifMatch: '*',
      });
      expectProblem(result, 404, 'not-found');
    });
  });
}
