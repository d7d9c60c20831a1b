import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus, uniqueId } from './client.js';
import { type SuiteContext, startConversation, usersWithProfiles } from './context.js';

const key = () => uniqueId('key');

export function idempotencyCases(ctx: SuiteContext): void {
  describe('idempotency', () => {
    it('a retried message POST replays the first outcome and stores one message', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const path = `/v1/conversations/${id}/messages`;
      const headers = { 'idempotency-key': key() };
      const first = await alice.call('POST', path, { json: { body: 'once' }, headers });
      expectStatus(first, 201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // Same body with keys in another order and other whitespace is the same request.
      const retry = await alice.call('POST', path, {
        raw: '{ "body" : "once" }',
        headers: { ...headers, 'content-type': 'application/json' },
      });
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(retry.headers.get('location')).toBe(first.headers.get('location'));
      expect(retry.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
      const list = expectStatus(await alice.call('GET', path), 200);
      expect(list.items).toHaveLength(1);
    });

    it('the same key with another body is 422', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const headers = { 'idempotency-key': key() };
      const path = `/v1/conversations/${id}/messages`;
      expectStatus(await alice.call('POST', path, { json: { body: 'one' }, headers }), 201);
      expectProblem(await alice.call('POST', path, { json: { body: 'two' }, headers }), 422, 'idempotency-key-reused');
      const other = await startConversation(alice, []);
      const elsewhere = await alice.call('POST', `/v1/conversations/${other.id}/messages`, {
        json: { body: 'one' },
        headers,
      });
      expectProblem(elsewhere, 422, 'idempotency-key-reused');
    });

    it('keys are scoped to the caller and the operation', async () => {
      const alice = await ctx.client().user();
      const bob = await ctx.client().user();
      const shared = key();
      const a = await alice.call('POST', '/v1/conversations', {
        json: { participantIds: [] },
        headers: { 'idempotency-key': shared },
      });
      const b = await bob.call('POST', '/v1/conversations', {
        json: { participantIds: [] },
        headers: { 'idempotency-key': shared },
      });
      expect(expectStatus(a, 201).id).not.toBe(expectStatus(b, 201).id);
      expect(b.headers.get('idempotent-replayed')).toBeNull();
      const message = await alice.call('POST', `/v1/conversations/${a.body.id}/messages`, {
        json: { body: 'x' },
        headers: { 'idempotency-key': shared },
      });
      expect(expectStatus(message, 201).body).toBe('x');
    });

    it('conversation creation and participant adds replay too', async () => {
      const alice = await ctx.client().user();
      const [bob, zed] = await usersWithProfiles(ctx.client(), 2);
      const headers = { 'idempotency-key': key() };
      const json = { participantIds: [bob!.id], title: 't' };
      const first = await alice.call('POST', '/v1/conversations', { json, headers });
      const again = await alice.call('POST', '/v1/conversations', { json, headers });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const list = expectStatus(await alice.call('GET', '/v1/conversations'), 200);
      expect(list.items).toHaveLength(1);
      const addHeaders = { 'idempotency-key': key() };
      const path = `/v1/conversations/${first.body.id}/participants`;
      const added = await alice.call('POST', path, { json: { participantIds: [zed!.id] }, headers: addHeaders });
      const replayed = await alice.call('POST', path, { json: { participantIds: [zed!.id] }, headers: addHeaders });
      expect(replayed.headers.get('idempotent-replayed')).toBe('true');
      expect(replayed.body).toEqual(expectStatus(added, 200));
      expect(replayed.body.version).toBe(2);
    });

    it('a 4xx outcome is kept and replayed as well', async () => {
      const alice = await ctx.client().user();
      const eve = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const headers = { 'idempotency-key': key() };
      const path = `/v1/conversations/${id}/messages`;
      expectProblem(await eve.call('POST', path, { json: { body: 'x' }, headers }), 404, 'not-found');
      const replay = await eve.call('POST', path, { json: { body: 'x' }, headers });
      expectProblem(replay, 404, 'not-found');
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    });

    it('an invalid request claims nothing: the corrected retry with the same key runs', async () => {
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const headers = { 'idempotency-key': key() };
      const path = `/v1/conversations/${id}/messages`;
      expectProblem(await alice.call('POST', path, { json: { body: '' }, headers }), 400, 'validation-failed');
      expectStatus(await alice.call('POST', path, { json: { body: 'fixed' }, headers }), 201);
    });

    it('Idempotency-Key must be 1–255 visible ASCII characters', async () => {
      const alice = await ctx.client().user();
      const post = (value: string) =>
        alice.call('POST', '/v1/conversations', {
          json: { participantIds: [] },
          headers: { 'idempotency-key': value },
        });
      expect((await post(`${key()}${'k'.repeat(200)}`.slice(0, 255))).status).toBe(201);
      expectProblem(await post(`${key()}${'k'.repeat(255)}`), 400, 'invalid-header');
      expectProblem(await post('has space'), 400, 'invalid-header');
      expectProblem(await post(''), 400, 'invalid-header');
      expectProblem(await post('clé'), 400, 'invalid-header');
    });

    it('concurrent retries create one message; each answer is the original or a 409', async (context) => {
      if (ctx.target().atomicIdempotency === false) {
        context.skip('the target store has no atomic put-if-absent (declared atomicIdempotency: false)');
      }
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const path = `/v1/conversations/${id}/messages`;
      const headers = { 'idempotency-key': key() };
      const results = await Promise.all(
        Array.from({ length: 5 }, () => alice.call('POST', path, { json: { body: 'race' }, headers })),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const r of results.filter((r) => r.status !== 201)) {
        expectProblem(r, 409, 'idempotency-in-progress');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      const list = expectStatus(await alice.call('GET', path), 200);
      expect(list.items).toHaveLength(1);
    });
  });
}
