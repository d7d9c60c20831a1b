import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, uniqueHandle, versionTag } from './client.js';
import { postMessage, type SuiteContext, startConversation } from './context.js';

export function validatorCases(ctx: SuiteContext): void {
  describe('validators (ETag, If-None-Match, If-Match)', () => {
    it("a conversation's ETag changes when its representation does, though its version does not", async () => {
      const alice = await ctx.client().user();
      const conversation = await startConversation(alice);
      const path = `/v1/conversations/${conversation.id}`;
      const before = await alice.call('GET', path);
      const tag = before.headers.get('etag') ?? '';
      expect(tag).toMatch(versionTag(1));
      await postMessage(alice, conversation.id);
      const after = await alice.call('GET', path);
      expect(expectStatus(after, 200).version).toBe(1);
      expect(after.headers.get('etag')).toMatch(versionTag(1));
      expect(after.headers.get('etag')).not.toBe(tag);
      // The old tag is no longer current: a conditional GET answers the new representation.
      const changed = await alice.call('GET', path, { headers: { 'if-none-match': tag } });
      expect(changed.status).toBe(200);
      // A write conditional on the tag still works: it is checked against the stored version.
      const renamed = await alice.call('PATCH', path, { json: { title: 'T' }, ifMatch: tag });
      expect(renamed.headers.get('etag')).toMatch(versionTag(2));
    });

    it('every GET of a resource answers 304 to a matching If-None-Match (also weak, also in a list)', async () => {
      const alice = await ctx.client().user();
      await alice.call('PUT', '/v1/users/me', { json: { handle: uniqueHandle(), displayName: 'A' } });
      const conversation = await startConversation(alice);
      const message = await postMessage(alice, conversation.id);
      for (const path of [
        '/v1/users/me',
        `/v1/users/${encodeURIComponent(alice.id)}`,
        `/v1/conversations/${conversation.id}`,
        `/v1/conversations/${conversation.id}/messages/${message.id}`,
      ]) {
        const first = await alice.call('GET', path);
        expect(first.status, path).toBe(200);
        const etag = first.headers.get('etag') ?? '';
        for (const header of [etag, `W/${etag}`, `"0.zz", ${etag}`, '*']) {
          const again = await alice.call('GET', path, { headers: { 'if-none-match': header } });
          expect(again.status, `${path} ${header}`).toBe(304);
          expect(again.text).toBe('');
          expect(again.headers.get('etag')).toBe(etag);
        }
        const other = await alice.call('GET', path, { headers: { 'if-none-match': '"1.other"' } });
        expect(other.status).toBe(200);
        // A malformed validator matches nothing: the full answer.
        expect((await alice.call('GET', path, { headers: { 'if-none-match': 'nope' } })).status).toBe(200);
      }
    });

    it('If-Match with only weak tags is refused as such, not as "the resource has changed"', async () => {
      const alice = await ctx.client().user();
      const conversation = await startConversation(alice);
      const result = await alice.call('PATCH', `/v1/conversations/${conversation.id}`, {
        json: { title: 'x' },
        ifMatch: 'W/"1"',
      });
      const problem = expectProblem(result, 412, 'precondition-failed');
      expect(problem.detail).toMatch(/weak/i);
      expect(problem.detail).not.toMatch(/has changed/);
    });

    it('a top-level JSON array is "an object is expected", not unknown fields', async () => {
      const alice = await ctx.client().user();
      const result = await alice.call('POST', '/v1/conversations', { json: [{ participantIds: [] }] });
      const problem = expectProblem(result, 400, 'validation-failed');
      expect(problem.detail).toMatch(/an object is expected/);
      expect(problem.detail).not.toMatch(/known field/);
    });
  });
}
