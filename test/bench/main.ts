/**
 * `npm run bench`: measures Parley against floors (bare handlers on the same runtimes) and against
 * peers (the frameworks a user would pick instead) in one run, on the artefacts as they ship (the
 * Worker wrangler uploads, the Lambda with template.yaml's environment, the edge bundle built with
 * EDGE_* configuration), prints a table, writes docs/benchmarks.json and regenerates
 * docs/benchmarks.md from it.
 * Counts (defaults meet the benchmark's minimums): BENCH_ROUNDS fresh processes per variant (21),
 * BENCH_SECONDS per throughput run (2) × BENCH_THROUGHPUT_ROUNDS (3, up to BENCH_MAX_ROUNDS 6 where a
 * held ratio is undecided), BENCH_DISPATCH_ROUNDS (15), BENCH_PEER_ROUNDS (7) × BENCH_PEER_BATCH (600; a thirtieth on DynamoDB Local).
 * BENCH_QUICK=1: a few rounds of everything, to develop the harness (figures not worth keeping).
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
import { EDGE_BUILD_ENV } from '../budgets/budgets.js';
import { buildShippedWorker } from '../budgets/shipped-worker.js';
import { bundleRows, shippedWorkerRow } from './bundle-rows.js';
import { dispatchRow } from './dispatch.js';
import { durableObjectCost } from './durable-object-cost.js';
import { dynamodbCost } from './dynamodb-cost.js';
import { explanations } from './explanations.js';
import { MEDIA_TABLE } from './media-table.js';
import { MIGRATION_TABLE } from './migrate-table.js';
import { buildFloors } from './floors/build-floors.js';
import { moduleInitRows } from './module-init.js';
import { buildPeers } from './peers/build-peers.js';
import { INIT_PEERS, inProcessPeerRows } from './peers/in-process.js';
import { lambdaPeerRows } from './peers/lambda.js';
import { nodeHttpPeerRows } from './peers/node-http.js';
import { processStartRows } from './process-start.js';
import { realtimeTable } from './realtime.js';
import { printRows, writeResults, type BenchResults, type BenchRow, type BenchTable } from './report.js';
import { sdkFirstCallRow } from './sdk-first-call.js';
import { telemetryRows } from './telemetry.js';
import { templateRuntime } from './template-env.js';
import { workerdThroughputRows } from './workerd-throughput.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const count = (name: string, fallback: number, quick: number) =>
  Number(process.env[name] ?? (QUICK ? quick : fallback));
const ROUNDS = count('BENCH_ROUNDS', 21, 3);
const THROUGHPUT = {
  seconds: count('BENCH_SECONDS', 2, 0.5),
  rounds: count('BENCH_THROUGHPUT_ROUNDS', 3, 1),
  maxRounds: count('BENCH_MAX_ROUNDS', 6, 1),
  connections: 10,
};
const DISPATCH_ROUNDS = count('BENCH_DISPATCH_ROUNDS', 15, 2);
const PEERS = {
  rounds: count('BENCH_PEER_ROUNDS', 9, 1),
  batch: count('BENCH_PEER_BATCH', 1000, 100),
  maxRuns: QUICK ? 1 : 2,
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

const template = await templateRuntime();
const outdir = await mkdtemp(join(tmpdir(), 'parley-bench-'));
try {
  process.stderr.write(`▶ build (${TARGETS.join(', ')}), wrangler's dry run, floors and peers → ${outdir}\n`);
  const [bundles, floors, peers, worker] = await Promise.all([
    buildBundles(TARGETS, join(outdir, 'dist'), EDGE_BUILD_ENV),
    buildFloors(join(outdir, 'floors')),
    buildPeers(join(outdir, 'peers')),
    buildShippedWorker(join(outdir, 'wrangler')),
  ]);
  const file = (target: string): string => (bundles.get(target) as BuiltBundle).file;
  const floorCode = await readFile(floors.hono);
  const floorBytes = { raw: floorCode.byteLength, gzip: gzipSync(floorCode, { level: 9 }).byteLength };
  rows.push(shippedWorkerRow(worker, floorBytes), ...bundleRows(bundles, floorBytes));
  const lambdaEnv: Record<string, string> = template.nodeOptions ? { NODE_OPTIONS: template.nodeOptions } : {};

  process.stderr.write('▶ DynamoDB Local\n');
  const local = await startDynamoLocal();
  try {
    await step('DynamoDB cost', async () => {
      const { row, table } = await dynamodbCost(local.endpoint);
      tables.push(table);
      return row;
    });
    /** A fresh table on DynamoDB Local, named after what uses it. */
    const newTable = async (prefix: string) => {
      const table = `${prefix}-${Date.now().toString(36)}`;
      const transport = createAws4fetchTransport({
        region: 'us-east-1',
        endpoint: local.endpoint,
        accessKeyId: 'local',
        secretAccessKey: 'local',
      });
      await createTable(transport, table);
      return table;
    };
    await step('SDK first call', async () => {
      const table = await newTable('parley-bench');
      return sdkFirstCallRow(file('lambda'), { endpoint: local.endpoint, table }, ROUNDS, template.nodeOptions);
    });
    await step('in-process peers (DynamoDB Local)', async () => {
      const table = await newTable('parley-peers');
      // A request is a few DynamoDB Local round trips (ms each, more under load): small batches, one run.
      return inProcessPeerRows(
        { name: 'dynamodb', endpoint: local.endpoint, table },
        { ...PEERS, batch: Math.max(10, Math.round(PEERS.batch / 30)), maxRuns: 1 },
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

  const sourceMaps = { NODE_OPTIONS: '--enable-source-maps' };
  await step('module init', () =>
    moduleInitRows(
      {
        'cloudflare (wrangler deploy --dry-run)': { file: worker.file, budget: true },
        'lambda-edge (EDGE_* configured)': { file: file('lambda-edge'), budget: true },
        'lambda-aws4fetch': { file: file('lambda-aws4fetch'), env: lambdaEnv, budget: true },
        [`lambda (SDK transport chunk not loaded)${template.nodeOptions ? `, NODE_OPTIONS=${template.nodeOptions}` : ', template env'}`]:
          { file: file('lambda'), env: lambdaEnv, budget: true },
        ...(template.nodeOptions.includes('--enable-source-maps')
          ? {}
          : {
              'lambda with NODE_OPTIONS=--enable-source-maps (not the default)': {
                file: file('lambda'),
                env: sourceMaps,
                budget: false,
              },
            }),
        ...Object.fromEntries(
          Object.entries(peers.init).map(([name, peer]) => [
            `peer: ${INIT_PEERS[name]}`,
            { file: peer, budget: false },
          ]),
        ),
      },
      floors.hono,
      ROUNDS,
    ),
  );
  await step('process start', () => processStartRows(file('node'), floors, ROUNDS));
  await step('in-process dispatch', () => dispatchRow(DISPATCH_ROUNDS));
  await step('telemetry', () => telemetryRows(DISPATCH_ROUNDS));
  await step('in-process peers (memory)', () => inProcessPeerRows({ name: 'memory' }, PEERS));
  await step('Lambda per request', () =>
    lambdaPeerRows(file('lambda'), peers.lambda, {
      rounds: PEERS.rounds,
      batch: PEERS.batch * 2,
      nodeOptions: template.nodeOptions,
      transport: template.transport,
    }),
  );
  await step('Node HTTP throughput', () => nodeHttpPeerRows(file('node'), peers.servers, THROUGHPUT));
  await step('workerd throughput', () => workerdThroughputRows(worker.file, floors.worker, THROUGHPUT));
  await step('real-time events', async () => {
    tables.push(await realtimeTable());
    return [];
  });
} finally {
  await rm(outdir, { recursive: true, force: true });
}

notes.push(
  ...(QUICK
    ? ['BENCH_QUICK=1: a few rounds of everything, to develop the harness; these figures are not worth keeping.']
    : []),
  `Counts: ${ROUNDS} fresh processes per variant for module init, first call and process start; throughput ${THROUGHPUT.rounds} (up to ${THROUGHPUT.maxRounds} where a held ratio's IQR straddles its budget) × ${THROUGHPUT.seconds} s per variant with ${THROUGHPUT.connections} connections (autocannon in its own process, loopback); in-process peers ${PEERS.rounds} interleaved rounds of ${PEERS.batch} requests per variant (${Math.max(10, Math.round(PEERS.batch / 30))} on DynamoDB Local), pooled with a second run where undecided (memory).`,
  `Lambda runs with template.yaml's NODE_OPTIONS (${template.nodeOptions || 'none'}) and DynamoDbTransport default (${template.transport}); the Worker is wrangler's dry-run output (wrangler.toml as it is).`,
  'Ratio rows print the median of per-round ratios (Parley ÷ peer; > 1 means Parley is faster), the interquartile range and the extremes of those ratios, and the rounds (n).',
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
  explanations: explanations(rows),
};
await mkdir(join(root, 'docs'), { recursive: true });
await writeResults(results, join(root, 'docs/benchmarks.json'), join(root, 'docs/benchmarks.md'));
console.log('');
printRows(rows);
console.log('\nwritten: docs/benchmarks.json, docs/benchmarks.md');
