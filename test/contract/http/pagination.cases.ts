import { describe, expect, it } from 'vitest';
import { type Caller, expectProblem, expectStatus } from './client.js';
import { postMessage, type SuiteContext, startConversation } from './context.js';

async function walk(caller: Caller, path: string, limit: number): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { items: Array<{ id: string }>; nextCursor: string | null } = expectStatus(
      await caller.call('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
      200,
    );
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  return { ids, pages };
}

/** Flip one character in the middle of a cursor. */
function forge(cursor: string): string {
  const i = Math.floor(cursor.length / 2);
  return cursor.slice(0, i) + (cursor[i] === 'A' ? 'B' : 'A') + cursor.slice(i + 1);
}

export function paginationCases(ctx: SuiteContext): void {
  describe('pagination', () => {
    it('messages come newest first, page by page, each exactly once', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const posted: string[] = [];
      for (let i = 0; i < 7; i++) posted.push((await postMessage(alice, id, `m${i}`)).id);
      const { ids, pages } = await walk(alice, `/v1/conversations/${id}/messages`, 3);
      expect(ids).toEqual([...posted].reverse());
      expect(pages).toBe(3);
      expect([...posted].sort()).toEqual(posted); // ids are time-sortable
    });

    it('after= syncs forward: oldest first from the one after it, page by page up to the newest', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const posted: string[] = [];
      for (let i = 0; i < 6; i++) posted.push((await postMessage(alice, id, `m${i}`)).id);
      const next = expectStatus(
        await alice.call('GET', `/v1/conversations/${id}/messages?after=${posted[1]}&limit=1`),
        200,
      );
      expect(next.items.map((m: { id: string }) => m.id)).toEqual([posted[2]]);
      expect(next.nextCursor).toEqual(expect.any(String));
      const { ids, pages } = await walk(alice, `/v1/conversations/${id}/messages?after=${posted[1]}`, 2);
      expect(ids).toEqual(posted.slice(2));
      expect(pages).toBe(2);
      const latest = expectStatus(await alice.call('GET', `/v1/conversations/${id}/messages?after=${posted[5]}`), 200);
      expect(latest).toEqual({ items: [], nextCursor: null });
      expectProblem(await alice.call('GET', `/v1/conversations/${id}/messages?after=nope`), 400, 'validation-failed');
    });

    it('conversations page through the whole list', async () => {
      const alice = await ctx.client().user();
      const created: string[] = [];
      for (let i = 0; i < 5; i++) created.push((await startConversation(alice, [])).id);
      const { ids } = await walk(alice, '/v1/conversations', 2);
      expect([...ids].sort()).toEqual([...created].sort());
    });

    it('limit: default 25, 1 and 100 pass, 0, 101, -1, 1.5 and text are 400', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      for (let i = 0; i < 26; i++) await postMessage(alice, id, `m${i}`);
      const base = `/v1/conversations/${id}/messages`;
      const all = expectStatus(await alice.call('GET', base), 200);
      expect(all.items).toHaveLength(25);
      expect(all.nextCursor).toEqual(expect.any(String));
      expect(expectStatus(await alice.call('GET', `${base}?limit=1`), 200).items).toHaveLength(1);
      expect(expectStatus(await alice.call('GET', `${base}?limit=100`), 200).items).toHaveLength(26);
      for (const limit of ['0', '101', '-1', '1.5', 'ten', '']) {
        const problem = expectProblem(await alice.call('GET', `${base}?limit=${limit}`), 400, 'validation-failed');
        expect(problem.errors[0].parameter).toBe('limit');
      }
    });

    it('forged, malformed and foreign cursors are 400 invalid-cursor', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const { id } = await startConversation(alice, [bob]);
      for (let i = 0; i < 3; i++) await postMessage(alice, id, `m${i}`);
      const base = `/v1/conversations/${id}/messages`;
      const first = expectStatus(await alice.call('GET', `${base}?limit=1`), 200);
      const cursor: string = first.nextCursor;
      expect((await alice.call('GET', `${base}?limit=1&cursor=${cursor}`)).status).toBe(200);
      const bad = [forge(cursor), 'not*base64', 'AAAA', cursor.slice(0, 10), 'x'.repeat(3000)];
      for (const value of bad) {
        expectProblem(await alice.call('GET', `${base}?limit=1&cursor=${encodeURIComponent(value)}`), 400);
      }
      // Same list, another caller: refused.
      expectProblem(await bob.call('GET', `${base}?limit=1&cursor=${cursor}`), 400, 'invalid-cursor');
      // Same caller, another list (conversations; another `after`): refused.
      expectProblem(await alice.call('GET', `/v1/conversations?cursor=${cursor}`), 400, 'invalid-cursor');
      const after = first.items[0].id;
      expectProblem(await alice.call('GET', `${base}?limit=1&after=${after}&cursor=${cursor}`), 400, 'invalid-cursor');
    });
  });
}
