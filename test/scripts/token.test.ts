import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ttlSeconds } from '../../scripts/token.js';
import { createApp } from '../../src/app.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { hs256TestConfig } from '../support/app-config.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'parley-token-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npm run token -- …` as the README prints it (the script under tsx, in the repository root). */
async function token(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], {
    cwd: ROOT,
  });
  return stdout.trim();
}

describe('npm run token', () => {
  it('reads a quoted .dev.vars secret without its quotes: the README walk-through for two users works', async () => {
    const { config, secret } = hs256TestConfig('token-script');
    const file = join(work, '.dev.vars');
    // As `npm run dev` writes it: quoted values.
    writeFileSync(file, `# Local secrets\nAUTH_HS256_SECRET="${secret}"\nCURSOR_SECRET="${config.cursorSecret}"\n`);
    const alice = await token('--user', 'alice', '--file', file);
    const bob = await token('--user', 'bob', '--ttl', '2h', '--file', file);
    const app = createApp({ config, repository: createMemoryRepository(), log: () => {} });
    const call = async (who: string, method: string, path: string, json?: unknown) => {
      const response = await app.fetch(
        new Request(`http://parley.test${path}`, {
          method,
          headers: { authorization: `Bearer ${who}`, 'content-type': 'application/json' },
          ...(json === undefined ? {} : { body: JSON.stringify(json) }),
        }),
      );
      return { status: response.status, body: (await response.json()) as any };
    };
    // As the README walks through: both create their profile, then alice starts the conversation.
    expect((await call(alice, 'PUT', '/v1/users/me', { handle: 'alice', displayName: 'Alice' })).status).toBe(201);
    expect((await call(bob, 'PUT', '/v1/users/me', { handle: 'bob', displayName: 'Bob' })).status).toBe(201);
    const created = await call(alice, 'POST', '/v1/conversations', { participantIds: ['bob'], title: 'Lunch' });
    expect(created.status).toBe(201);
    const path = `/v1/conversations/${created.body.id}/messages`;
    expect((await call(bob, 'POST', path, { body: 'Noon?' })).status).toBe(201);
    const listed = await call(alice, 'GET', path);
    expect(listed.body.items.map((m: { authorId: string; body: string }) => [m.authorId, m.body])).toEqual([
      ['bob', 'Noon?'],
    ]);
    const claims = JSON.parse(Buffer.from(bob.split('.')[1] ?? '', 'base64url').toString());
    expect(claims.exp - claims.iat).toBe(7200);
  });

  it('says what is wrong instead of printing a token that cannot work', async () => {
    await expect(token('--user', 'x', '--file', join(work, 'missing.vars'))).rejects.toThrow(/npm run dev/);
    await expect(token('--file', join(work, '.dev.vars'))).rejects.toThrow(/usage/);
    expect(ttlSeconds('90')).toBe(90);
    expect(ttlSeconds('30m')).toBe(1800);
    expect(ttlSeconds('1d')).toBe(86400);
    expect(() => ttlSeconds('1 week')).toThrow(/--ttl/);
  });
});
