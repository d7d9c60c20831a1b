/**
 * `npm run bench`: measures Parley against floors (bare handlers on the same runtimes) in one run,
 * prints a table, writes docs/benchmarks.json and regenerates docs/benchmarks.md from it.
 * Counts (defaults meet the benchmark's minimums): BENCH_ROUNDS fresh processes per variant (21),
 * BENCH_SECONDS per throughput run (2.5) × BENCH_THROUGHPUT_ROUNDS (2), BENCH_DISPATCH_ROUNDS (15).
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createAws4fetchTransport } from '../../src/repository/dynamodb/index.js';
import { createTable } from '../../scripts/db-create.js';
import { startDynamoLocal } from '../../scripts/dynamodb-local.js';
import { buildBundles, type BuiltBundle } from '../budgets/build-bundles.js';
import { bundleRows } from './bundle-rows.js';
import { dispatchRow } from './dispatch.js';
import { durableObjectCost } from './durable-object-cost.js';
import { dynamodbCost } from './dynamodb-cost.js';
import { MEDIA_TABLE } from './media-table.js';
import { MIGRATION_TABLE } from './migrate-table.js';
import { buildFloors } from './floors/build-floors.js';
import { moduleInitRows } from './module-init.js';
import { nodeThroughputRows } from './node-throughput.js';
import { processStartRow } from './process-start.js';
import { realtimeTable } from './realtime.js';
import { printRows, writeResults, type BenchResults, type BenchRow, type BenchTable } from './report.js';
import { sdkFirstCallRow } from './sdk-first-call.js';
import { telemetryRows } from './telemetry.js';
import { workerdThroughputRows } from './workerd-throughput.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = count('BENCH_ROUNDS', 21);
const THROUGHPUT = {
  seconds: count('BENCH_SECONDS', 2.5),
  rounds: count('BENCH_THROUGHPUT_ROUNDS', 2),
  connections: 10,
};
const TARGETS = ['cloudflare', 'lambda', 'lambda-aws4fetch', 'lambda-edge', 'node'];

const rows: BenchRow[] = [];
const tables: BenchTable[] = [];
const notes: string[] = [];
const loadAverage = loadavg();

/** Runs one measurement; a failure becomes a row saying so instead of ending the run. */
async function step(title: string, measure: () => Promise<BenchRow | BenchRow[]>): Promise<void> {
  process.stderr.write(`▶ ${title}\n`);
  try {
    rows.push(...[await measure()].flat());
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`  failed: ${message}\n`);
    rows.push({
      measure: title,
      subject: '—',
      figure: `failed: ${message.split('\n')[0]}`,
      floor: '—',
      budget: '—',
      met: false,
    });
  }
}

const outdir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
try {
  process.stderr.write(`▶ build (${TARGETS.join(', ')}) and floors → ${outdir}\n`);
  const [bundles, floors] = await Promise.all([
    buildBundles(TARGETS, join(outdir, 'dist')),
    buildFloors(join(outdir, 'floors')),
  ]);
  const file = (target: string): string => (bundles.get(target) as BuiltBundle).file;
  const floorCode = await readFile(floors.hono);
  rows.push(...bundleRows(bundles, { raw: floorCode.byteLength, gzip: gzipSync(floorCode, { level: 9 }).byteLength }));

  process.stderr.write('▶ DynamoDB Local\n');
  const local = await startDynamoLocal();
  try {
    await step('DynamoDB cost', async () => {
      const { row, table } = await dynamodbCost(local.endpoint);
      tables.push(table);
      return row;
    });
    await step('SDK first call', async () => {
      const table = `parley-bench-${Date.now().toString(36)}`;
      await createTable(
        createAws4fetchTransport({
          region: 'us-east-1',
          endpoint: local.endpoint,
          accessKeyId: 'local',
          secretAccessKey: 'local',
        }),
        table,
      );
      return sdkFirstCallRow(
        { sdk: file('lambda'), aws4fetch: file('lambda-aws4fetch') },
        { endpoint: local.endpoint, table },
        ROUNDS,
      );
    });
  } finally {
    await local.stop();
  }

  await step('Durable Objects cost', async () => {
    const { row, table } = await durableObjectCost();
    tables.push(table);
    return row;
  });

  const initTargets = ['cloudflare', 'lambda-edge', 'lambda-aws4fetch', 'lambda'];
  await step('module init', () =>
    moduleInitRows(Object.fromEntries(initTargets.map((t) => [t, file(t)])), floors.hono, ROUNDS),
  );
  await step('process start', () => processStartRow(file('node'), floors.http, ROUNDS));
  await step('in-process dispatch', () => dispatchRow(count('BENCH_DISPATCH_ROUNDS', 15)));
  await step('telemetry', () => telemetryRows(count('BENCH_DISPATCH_ROUNDS', 15)));
  await step('Node HTTP throughput', () => nodeThroughputRows(file('node'), floors.http, THROUGHPUT));
  await step('workerd throughput', () => workerdThroughputRows(file('cloudflare'), floors.worker, THROUGHPUT));
  await step('real-time events', async () => {
    tables.push(await realtimeTable());
    return [];
  });
} finally {
  await rm(outdir, { recursive: true, force: true });
}

notes.push(
  `Counts: ${ROUNDS} fresh processes per variant for module init, first call and process start; throughput ${THROUGHPUT.rounds} × ${THROUGHPUT.seconds} s per variant with ${THROUGHPUT.connections} connections (autocannon, loopback).`,
  'Time figures are medians of per-round differences (or ratios) to the floor; module init also shows the CPU time of the process, which waiting for a busy core does not inflate.',
  `The machine has ${cpus().length} CPUs shared with other work (load average ${loadAverage.map((n) => n.toFixed(1)).join(' / ')} at start): absolute numbers are noisy, the comparisons within a round much less so.`,
);
// Tables other benchmarks write into the same document (`npm run bench:migrate`, `bench:media`) are kept.
const previous = JSON.parse(
  await readFile(join(root, 'docs/benchmarks.json'), 'utf8').catch(() => '{}'),
) as Partial<BenchResults>;
tables.push(...(previous.tables ?? []).filter((t) => t.title === MIGRATION_TABLE || t.title === MEDIA_TABLE));
const results: BenchResults = {
  generatedAt: new Date().toISOString(),
  machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus().length, loadAverage },
  rows,
  tables,
  notes,
};
await mkdir(join(root, 'docs'), { recursive: true });
await writeResults(results, join(root, 'docs/benchmarks.json'), join(root, 'docs/benchmarks.md'));
console.log('');
printRows(rows);
console.log('\nwritten: docs/benchmarks.json, docs/benchmarks.md');
