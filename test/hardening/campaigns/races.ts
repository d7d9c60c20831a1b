import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, Client, type Result, uniqueHandle } from '../../contract/http/client.js';
import { recordFigures } from '../support/figures.js';
import { expectNoSecrets } from '../support/secrets.js';
import type { HardeningTarget } from '../support/targets.js';

/**
 * Campaign 4: races. `instances` are instances of one deployment (one store behind them all), and
 * concurrent requests alternate between them, so nothing is serialised inside one process: only
 * the store's own atomic check-and-write can pick one winner.
 */
export function describeRaces(name: string, instances: () => Promise<HardeningTarget[]>): void {
  describe(`campaign 4: races on ${name}`, () => {
    let servers: HardeningTarget[];
    let clients: Client[];
    const pick = (i: number) => clients[i % clients.length] as Client;

    beforeAll(async () => {
      servers = await instances();
      clients = servers.map((s) => new Client(s));
    });
    afterAll(async () => {
      for (const server of servers ?? []) {
        expectNoSecrets(server, 'races');
        await server.close();
      }
    });

    /** The same caller on each instance (one token works on all: they share the secret). */
    async function everywhere(id: string): Promise<Caller[]> {
      return Promise.all(clients.map((c) => c.as(id)));
    }
    const on = (callers: Caller[], i: number) => callers[i % callers.length] as Caller;
    const count = (results: Result[], status: number) => results.filter((r) => r.status === status).length;

    it('50 concurrent PATCHes with one If-Match: exactly one wins, the rest are 412, the winner stays', async (context) => {
      const alice = await everywhere(`alice-${crypto.randomUUID()}`);
      const created = await on(alice, 0).call('POST', '/v1/conversations', {
        json: { title: 'start', participantIds: [] },
      });
      const path = `/v1/conversations/${created.body.id}`;
      const etag = created.headers.get('etag') as string;
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          on(alice, i).call('PATCH', path, { json: { title: `title ${i}` }, headers: { 'if-match': etag } }),
        ),
      );
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(count(results, 412)).toBe(49);
      const final = await on(alice, 1).call('GET', path);
      expect(final.body.title).toBe(winners[0]!.body.title);
      expect(final.body.version).toBe(2);
      recordFigures(context, 'races', `${name}: If-Match PATCH x50`, {
        won: winners.length,
        '412': count(results, 412),
        other: 50 - winners.length - count(results, 412),
      });
    });

    it('100 concurrent POSTs with one Idempotency-Key: one message stored, every answer the original or a 409', async (context) => {
      const alice = await everywhere(`alice-${crypto.randomUUID()}`);
      const created = await on(alice, 0).call('POST', '/v1/conversations', { json: { participantIds: [] } });
      const path = `/v1/conversations/${created.body.id}/messages`;
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          on(alice, i).call('POST', path, { json: { body: 'once only' }, headers: { 'idempotency-key': 'race-key' } }),
        ),
      );
      const created201 = results.filter((r) => r.status === 201);
      const ids = new Set(created201.map((r) => r.body.id));
      expect(ids.size).toBe(1);
      expect(count(results, 201) + count(results, 409)).toBe(100);
      const originals = created201.filter((r) => r.headers.get('idempotent-replayed') === null);
      expect(originals).toHaveLength(1);
      for (const r of results.filter((x) => x.status === 409)) expect(r.body.type).toMatch(/idempotency-in-progress$/);
      const page = await on(alice, 1).call('GET', `${path}?limit=100`);
      expect(page.body.items).toHaveLength(1);
      recordFigures(context, 'races', `${name}: Idempotency-Key POST x100`, {
        stored: page.body.items.length,
        original: originals.length,
        replayed: created201.length - originals.length,
        '409': count(results, 409),
      });
    });

    it('20 users claiming one handle at once: exactly one owner', async (context) => {
      const handle = uniqueHandle();
      const users = await Promise.all(Array.from({ length: 20 }, (_, i) => pick(i).user(`claimant-${i}`)));
      const results = await Promise.all(
        users.map((u) => u.call('PUT', '/v1/users/me', { json: { handle, displayName: u.id } })),
      );
      const winners = results.map((r, i) => [r, users[i]!] as const).filter(([r]) => r.status === 201);
      expect(winners).toHaveLength(1);
      expect(count(results, 409)).toBe(19);
      const owner = await users[0]!.call('GET', `/v1/users?handle=${handle}`);
      expect(owner.body.id).toBe(winners[0]![1].id);
      // Each loser can still take another handle: no half-written claim is left behind.
      const loser = users.find((u) => u.id !== winners[0]![1].id) as Caller;
      expect(
        (await loser.call('PUT', '/v1/users/me', { json: { handle: uniqueHandle(), displayName: 'x' } })).status,
      ).toBe(201);
      recordFigures(context, 'races', `${name}: handle claim x20`, {
        owners: winners.length,
        '409': count(results, 409),
      });
    });
  });
}
