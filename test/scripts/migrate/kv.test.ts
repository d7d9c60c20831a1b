import { describe, expect, it } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { main } from '../../../scripts/migrate/main.js';
import { workerUrl } from '../../adapters/cloudflare/target.js';
import { ADMIN_TOKEN, WORKER_VARS, WORKERS } from '../../adapters/cloudflare/workers.js';
import { EXPECTED, edgeCaseDataset, writeExport } from './fixtures.js';
import { tempDir } from './support.js';

const ALICE = '603cd7410a0a0a0a0a000001';

async function cli(argv: string[], env: Record<string, string>) {
  const lines: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (text: string) => void lines.push(text);
  console.error = (text: string) => void lines.push(text);
  try {
    return { code: await main(argv, env), output: lines.join('\n') };
  } finally {
    [console.log, console.error] = [log, error];
  }
}

describe('--to kv: through the admin Worker, into the Worker’s own KV namespace in workerd', () => {
  it('migrates live, verifies, is idempotent, and the API Worker on that namespace serves the result', async () => {
    const env = { PARLEY_ADMIN_URL: workerUrl(WORKERS.admin), PARLEY_ADMIN_TOKEN: ADMIN_TOKEN };
    const from = await writeExport(await tempDir('kv-src'), edgeCaseDataset(), {
      flavour: 'canonical',
      layout: 'array',
    });
    const out = await tempDir('kv-out');
    const first = await cli(['--from', from, '--to', 'kv', '--live', '--verify', '--sample', '1', '--out', out], env);
    expect(first.output).toContain('verify: OK');
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/messages\s+21\s+12\s+9\s+2\s+12\s+0\s+0/);

    const again = await cli(['--from', from, '--to', 'kv', '--live', '--out', out], env);
    expect(again.output).toMatch(
      new RegExp(`messages\\s+21\\s+12\\s+9\\s+2\\s+0\\s+${EXPECTED.messages.accepted}\\s+0`),
    );

    const token = await signDevToken({ sub: ALICE, secret: WORKER_VARS.AUTH_HS256_SECRET });
    const api = workerUrl(WORKERS.migrated);
    const get = async (path: string) => {
      const response = await fetch(new URL(path, api), { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Array<Record<string, unknown>> };
    };
    const rooms = await get('/v1/conversations');
    const main = rooms.items.find((c) => c.title === 'Main room') as { id: string };
    const messages = await get(`/v1/conversations/${main.id}/messages?limit=100`);
    expect(messages.items.map((m) => m.body).reverse()).toEqual(EXPECTED.mainRoom);
  });

  it('refuses a wrong token, and a Worker that stores somewhere else than --to says', async () => {
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
      {
        PARLEY_ADMIN_URL: url,
        PARLEY_ADMIN_TOKEN: ADMIN_TOKEN,
      },
    );
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.output).toMatch(/stores in kv, not durable-object/);
    const unsigned = await fetch(url, { method: 'POST', body: JSON.stringify({ calls: [] }) });
    expect(unsigned.status).toBe(401);
  });
});
