import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { createNodeDeps } from '../../../adapters/node/deps.js';
import { main } from '../../../scripts/migrate/main.js';
import { freshLocalTable } from '../../repository/dynamodb-fixtures.js';
import { EXPECTED, edgeCaseDataset, writeExport } from './fixtures.js';
import { cli, tempDir } from './support.js';

const SECRET = 'migrate-acceptance-hs256-secret-0123456789';
const ALICE = '603cd7410a0a0a0a0a000001';
const BOB = '603cd7420a0a0a0a0a000002';

describe('acceptance: a mongoexport folder into DynamoDB Local, then served by Parley', () => {
  it('migrates with --live, serves the conversations with messages in their original order to the users’ tokens, and a second run writes 0', async () => {
    const { variables } = await freshLocalTable('migrate');
    const from = await writeExport(await tempDir('accept-src'), edgeCaseDataset(), {
      flavour: 'relaxed',
      layout: 'lines',
    });
    const out = await tempDir('accept-out');

    const first = await cli(
      ['--from', from, '--to', 'dynamodb', '--live', '--verify', '--sample', '1', '--out', out],
      variables,
    );
    expect(first.code).toBe(0);
    expect(first.output).toMatch(/messages\s+21\s+12\s+9\s+2\s+12\s+0\s+0/);
    expect(first.output).toContain('verify: OK');

    // Parley, built as the Node server builds itself from its environment, over the migrated table.
    const deps = createNodeDeps(
      { ...variables, AUTH_MODE: 'hs256', AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: `${SECRET}-cursor` },
      'node',
      () => {},
    );
    const app = createApp(deps);
    const get = async (path: string, sub: string) => {
      const token = await signDevToken({ sub, secret: SECRET });
      const response = await app.fetch(
        new Request(`http://parley.test${path}`, { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(response.status).toBe(200);
      return (await response.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    };
    const rooms = await get('/v1/conversations', BOB);
    expect(rooms.items.map((c) => c.title)).toEqual(['Main room', 'T'.repeat(200), null]);
    const main = rooms.items[0] as { id: string; lastMessageId: string };
    const bodies: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(
        `/v1/conversations/${main.id}/messages?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        ALICE,
      );
      bodies.push(...page.items.map((m) => m.body as string));
      cursor = page.nextCursor;
    } while (cursor);
    expect(bodies.reverse()).toEqual(EXPECTED.mainRoom);
    expect((await get('/v1/users/me', ALICE)) as unknown).toMatchObject({
      handle: 'alice',
      displayName: 'Alice Liddell',
    });
    // Someone who is not a member is not shown the room.
    const outsider = await signDevToken({ sub: '603cd7470a0a0a0a0a000007', secret: SECRET });
    const hidden = await app.fetch(
      new Request(`http://parley.test/v1/conversations/${main.id}`, {
        headers: { authorization: `Bearer ${outsider}` },
      }),
    );
    expect(hidden.status).toBe(404);

    const second = await cli(['--from', from, '--to', 'dynamodb', '--live', '--out', out], variables);
    expect(second.code).toBe(0);
    for (const name of ['users', 'conversations', 'messages']) {
      const accepted = EXPECTED[name as keyof typeof EXPECTED] as { accepted: number };
      expect(second.output).toMatch(
        new RegExp(`${name}\\s+\\d+\\s+${accepted.accepted}\\s+\\d+\\s+\\d+\\s+0\\s+${accepted.accepted}\\s+0`),
      );
    }
  });

  it('refuses bad usage and configuration with exit status 2, naming the problem', async () => {
    const errors: string[] = [];
    const error = console.error;
    console.error = (text: string) => void errors.push(text);
    try {
      expect(await main(['--live'], {})).toBe(2);
      expect(errors.join('\n')).toMatch(/--from is required[\s\S]*--to \(or STORAGE_BACKEND\) is required/);
      expect(await main(['--from', '.', '--to', 'dynamodb', '--live'], { STORAGE_BACKEND: 'memory' })).toBe(2);
      expect(await main(['--from', '.', '--media', 's3://bucket'], {})).toBe(2);
      expect(errors.join('\n')).toMatch(/--media: copying attachments needs Parley to store media itself/);
      const from = await writeExport(await tempDir('cfg-src'), edgeCaseDataset(), {
        flavour: 'relaxed',
        layout: 'lines',
      });
      expect(await main(['--from', from, '--to', 'dynamodb', '--live', '--out', await tempDir('cfg-out')], {})).toBe(2);
      expect(errors.join('\n')).toMatch(/DYNAMODB_TABLE is required/);
    } finally {
      console.error = error;
    }
  });
});
