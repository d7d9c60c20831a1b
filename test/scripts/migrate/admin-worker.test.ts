import { describe, expect, it } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { workerUrl } from '../../adapters/cloudflare/target.js';
import { ADMIN_TOKEN, WORKER_VARS, WORKERS } from '../../adapters/cloudflare/workers.js';
import { EXPECTED, edgeCaseDataset, writeExport } from './fixtures.js';
import { cli, tempDir } from './support.js';

const ALICE = '603cd7410a0a0a0a0a000001';

/** The Workers-only stores, reached through the admin Worker; `api` is the API Worker on the same store. */
const TARGETS = [
  { to: 'kv', where: 'the Worker’s own KV namespace', admin: WORKERS.admin, api: WORKERS.migrated },
  {
    to: 'durable-object',
    where: 'the API Worker’s Durable Objects',
    admin: WORKERS.adminDurableObject,
    api: WORKERS.durableObject,
  },
] as const;

describe.each(TARGETS)('--to $to: through the admin Worker, into $where in workerd', (target) => {
  it('migrates live, verifies, is idempotent, and the API Worker on that store serves the result', async () => {
    const env = { PARLEY_ADMIN_URL: workerUrl(target.admin), PARLEY_ADMIN_TOKEN: ADMIN_TOKEN };
    const from = await writeExport(await tempDir(`${target.to}-src`), edgeCaseDataset(), {
      flavour: 'canonical',
      layout: 'array',
    });
    const out = await tempDir(`${target.to}-out`);
    const first = await cli(
      ['--from', from, '--to', target.to, '--live', '--verify', '--sample', '1', '--out', out],
      env,
    );
    expect(first.output).toContain('verify: OK');
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/messages\s+21\s+12\s+9\s+2\s+12\s+0\s+0/);

    const again = await cli(['--from', from, '--to', target.to, '--live', '--out', out], env);
    expect(again.output).toMatch(
      new RegExp(`messages\\s+21\\s+12\\s+9\\s+2\\s+0\\s+${EXPECTED.messages.accepted}\\s+0`),
    );

    const token = await signDevToken({ sub: ALICE, secret: WORKER_VARS.AUTH_HS256_SECRET });
    const get = async (path: string) => {
      const response = await fetch(new URL(path, workerUrl(target.api)), {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Array<Record<string, unknown>> };
    };
    const rooms = await get('/v1/conversations');
    const room = rooms.items.find((c) => c.title === 'Main room') as { id: string };
    const messages = await get(`/v1/conversations/${room.id}/messages?limit=100`);
    expect(messages.items.map((m) => m.body).reverse()).toEqual(EXPECTED.mainRoom);
  });
});

describe('the admin Worker refuses', () => {
  it('a wrong token, and a --to other than where the Worker stores', async () => {
    const from = await writeExport(await tempDir('kv-bad'), edgeCaseDataset(), { flavour: 'relaxed', layout: 'lines' });
    const url = workerUrl(WORKERS.admin);
    const wrong = await cli(['--from', from, '--to', 'kv', '--live', '--out', await tempDir('kv-bad-out')], {
      PARLEY_ADMIN_URL: url,
      PARLEY_ADMIN_TOKEN: 'not-the-token-0123456789abcdefghijkl',
    });
    expect(wrong.code).toBe(2);
    expect(wrong.output).toMatch(/refused the admin token \(401\)/);
    const elsewhere = await cli(
      ['--from', from, '--to', 'durable-object', '--live', '--out', await tempDir('kv-do-out')],
      { PARLEY_ADMIN_URL: url, PARLEY_ADMIN_TOKEN: ADMIN_TOKEN },
    );
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.output).toMatch(/stores in kv, not durable-object/);
    const unsigned = await fetch(url, { method: 'POST', body: JSON.stringify({ calls: [] }) });
    expect(unsigned.status).toBe(401);
  });
});
