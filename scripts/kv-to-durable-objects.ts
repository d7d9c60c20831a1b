import { parseArgs } from 'node:util';
import type { MigrationState, MigrationStep } from '../src/migration/kv-to-repository.js';

/**
 * `npm run migrate:kv-to-do -- --url <migration Worker URL> [--page-size N]`, with MIGRATE_SECRET in
 * the environment: moves a KV deployment's users, conversations and messages into the Durable
 * Object backend (read horizons included) by calling the migration Worker (adapters/cloudflare/migrate-kv.ts) one bounded
 * step at a time until it is done, printing the counts. Safe to interrupt and run again: every
 * step is idempotent. Steps: docs/storage-durable-objects.md ("Moving a KV deployment").
 */
export interface MigrationTotals {
  steps: number;
  users: Counts;
  conversations: Counts;
  messages: Counts;
  reads: Counts;
}
type Counts = MigrationStep['users'];

export async function migrateKvToDurableObjects(options: {
  url: string;
  secret: string;
  pageSize?: number;
  fetch?: (request: Request) => Promise<Response>;
  onStep?: (step: MigrationStep) => void;
}): Promise<MigrationTotals> {
  const send = options.fetch ?? ((request: Request) => fetch(request));
  const totals: MigrationTotals = {
    steps: 0,
    users: zero(),
    conversations: zero(),
    messages: zero(),
    reads: zero(),
  };
  let state: MigrationState | undefined;
  for (;;) {
    const response = await send(
      new Request(new URL('/migrate', options.url), {
        method: 'POST',
        headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state, limit: options.pageSize ?? 100 }),
      }),
    );
    if (!response.ok) throw new Error(`migration step failed: ${response.status} ${await response.text()}`);
    const step = (await response.json()) as MigrationStep;
    totals.steps += 1;
    for (const part of PARTS) {
      for (const outcome of ['written', 'skipped', 'refused'] as const) totals[part][outcome] += step[part][outcome];
    }
    options.onStep?.(step);
    state = step.state;
    if (state.phase === 'done') return totals;
  }
}

const PARTS = ['users', 'conversations', 'messages', 'reads'] as const;

function zero(): Counts {
  return { written: 0, skipped: 0, refused: 0 };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, 'page-size': { type: 'string' } } });
  const secret = process.env.MIGRATE_SECRET;
  if (!values.url || !secret) {
    console.error(
      'usage: MIGRATE_SECRET=... npm run migrate:kv-to-do -- --url https://parley-migrate-kv.<account>.workers.dev [--page-size 100]',
    );
    process.exitCode = 2;
    return;
  }
  const totals = await migrateKvToDurableObjects({
    url: values.url,
    secret,
    pageSize: Number(values['page-size'] ?? 100),
    onStep: (step) =>
      console.log(
        JSON.stringify({
          phase: step.state.phase,
          ...Object.fromEntries(PARTS.map((part) => [part, step[part]])),
        }),
      ),
  });
  console.log(JSON.stringify({ done: true, ...totals }));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
