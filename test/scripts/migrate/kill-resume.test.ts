import { type ChildProcess, spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AttributeMap } from '../../../src/repository/dynamodb/protocol.js';
import { createDynamoRepository } from '../../../src/repository/dynamodb/index.js';
import { freshLocalTable, transports } from '../../repository/dynamodb-fixtures.js';
import { bulkDataset, writeDump } from './fixtures.js';
import { readJsonl, run, tempDir } from './support.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function migrateProcess(
  args: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  // One process, as `npm run migrate` runs it (the tsx CLI would put the migration in a child of its
  // own, which a SIGKILL of the parent would leave running).
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=160', '--import', 'tsx', join(root, 'scripts/migrate/main.ts'), ...args],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => void (output += chunk));
  child.stderr?.on('data', (chunk) => void (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves once the checkpoint in `dir` says `collection` has reached `next` (watching the folder, no polling). */
function checkpointReached(dir: string, collection: string, next: number): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dir, async () => {
      const text = await readFile(join(dir, 'checkpoint.json'), 'utf8').catch(() => '');
      try {
        const state = JSON.parse(text) as { collections: Record<string, { next: number }> };
        if ((state.collections[collection]?.next ?? 0) >= next) {
          watcher.close();
          resolve();
        }
      } catch {
        // Being replaced right now; the next event reads it whole.
      }
    });
  });
}

async function scanAll(endpoint: string, table: string): Promise<AttributeMap[]> {
  // Scan is not among the backend's typed operations; the transport sends any operation as named.
  const send = transports.aws4fetch(endpoint) as unknown as (operation: string, input: unknown) => Promise<unknown>;
  const items: AttributeMap[] = [];
  let start: AttributeMap | undefined;
  do {
    const page = (await send('Scan', {
      TableName: table,
      ConsistentRead: true,
      ...(start ? { ExclusiveStartKey: start } : {}),
    })) as {
      Items?: AttributeMap[];
      LastEvaluatedKey?: AttributeMap;
    };
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const key = (item: AttributeMap) => JSON.stringify([item.PK, item.SK]);
  return items.sort((a, b) => (key(a) < key(b) ? -1 : 1));
}

describe('resumable: killed with SIGKILL and rerun with --resume, the result is exactly an uninterrupted run’s', () => {
  it('into DynamoDB Local, through real child processes', async () => {
    const data = bulkDataset({ users: 40, conversations: 30, messages: 600 });
    const from = await writeDump(await tempDir('kill-src'), data, { gzip: true });
    const killed = await freshLocalTable('migrate-killed');
    const clean = await freshLocalTable('migrate-clean');
    const out = await tempDir('kill-out');
    const args = [
      '--from',
      from,
      '--to',
      'dynamodb',
      '--live',
      '--batch-size',
      '20',
      '--concurrency',
      '4',
      '--out',
      out,
    ];

    const first = migrateProcess(args, killed.variables);
    await checkpointReached(out, 'messages', 150);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const interrupted = JSON.parse(await readFile(join(out, 'checkpoint.json'), 'utf8')) as {
      collections: Record<string, { next: number; done: boolean }>;
    };
    expect(interrupted.collections.users?.done).toBe(true);
    expect(interrupted.collections.messages?.done).toBe(false);

    const resumed = migrateProcess([...args, '--resume', '--verify'], killed.variables);
    expect(await resumed.exited, resumed.output()).toBe(0);
    expect(resumed.output()).toContain('Live run (resumed)');
    expect(resumed.output()).toContain('verify: OK');
    // Plain progress lines (stderr is not a terminal here).
    expect(resumed.output()).toMatch(/messages: write: 100\.0% {2}[\d,]+ docs {2}[\d,]+ docs\/s {2}done in/);

    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const cleanOut = await tempDir('clean-out');
    const repository = createDynamoRepository({
      tableName: clean.table,
      transport: transports.aws4fetch(clean.endpoint),
    });
    const uninterrupted = await run(from, repository, { outDir: cleanOut });

    // The same items, attribute for attribute; the same documents written or found already written.
    expect(await scanAll(killed.endpoint, killed.table)).toEqual(await scanAll(clean.endpoint, clean.table));
    for (const name of ['users', 'conversations', 'messages'] as const) {
      const a = report.collections[name];
      const b = uninterrupted.collections[name];
      expect(a.written + a.unchanged).toBe(b.written);
      expect(a.conflicts).toBe(0);
      expect(a.rejected).toBe(b.rejected);
    }
    expect(await readJsonl(join(out, 'errors.jsonl'))).toEqual(await readJsonl(join(cleanOut, 'errors.jsonl')));
    expect(await readJsonl(join(out, 'conflicts.jsonl'))).toEqual([]);
  }, 180_000);
});
