/**
 * `npm run bench:migrate`: the migration tool's throughput and memory (issue 18), written into
 * docs/benchmarks.json as the "Migration" table and re-rendered into docs/benchmarks.md (the main
 * `npm run bench` keeps the table). Scenarios, each in a fresh process:
 * - 1,000,000 generated messages (+ users, conversations) streamed through a dry run — the whole
 *   read → decode → map → check path — from mongoexport JSON lines and from a gzipped
 *   `mongodump --archive`, with the process's peak RSS against the 256 MB budget;
 * - a live run into the memory backend (BENCH_MIGRATE_MEMORY messages, default 200,000; the backend
 *   itself holds every record in the process, so its RSS grows with the data by design);
 * - a live run into DynamoDB Local (BENCH_MIGRATE_DYNAMODB messages, default 20,000).
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { Long } from 'bson';
import { createAws4fetchTransport } from '../../src/repository/dynamodb/index.js';
import { createTable } from '../../scripts/db-create.js';
import { startDynamoLocal } from '../../scripts/dynamodb-local.js';
import { ARCHIVE_MAGIC } from '../../scripts/migrate/sources/archive.js';
import { Crc64 } from '../../scripts/migrate/sources/crc64.js';
import { bulkDataset, bulkMessage, type Doc, serializeDoc, toExtendedJson } from '../scripts/migrate/fixtures.js';
import { type BenchResults, type BenchTable, toMarkdown } from './report.js';

import { MIGRATION_TABLE } from './migrate-table.js';
const root = fileURLToPath(new URL('../..', import.meta.url));
const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const MESSAGES = count('BENCH_MIGRATE_MESSAGES', 1_000_000);
const SHAPE = { users: 10_000, conversations: 20_000 };
/** Fewer users and conversations for DynamoDB Local, so its figure is about messages. */
const DYNAMO_SHAPE = { users: 200, conversations: 400 };
const BUDGET_MIB = 256;
/** The Node flags `npm run migrate` runs with (package.json), so each scenario runs as the CLI does. */
const packageJson = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const NODE_FLAGS = (packageJson.scripts.migrate ?? '').match(/--max-old-space-size=\d+/g) ?? [];

type Sink = {
  write(chunk: string | Uint8Array): boolean;
  once(event: 'drain', fn: () => void): unknown;
  end(fn: () => void): unknown;
};
const write = (sink: Sink, chunk: string | Uint8Array) =>
  sink.write(chunk) ? Promise.resolve() : new Promise<void>((resolve) => sink.once('drain', resolve));
const close = (sink: Sink) => new Promise<void>((resolve) => sink.end(resolve));

/** A mongoexport folder (relaxed JSON lines) with `messages` messages, streamed to disk. */
async function writeExportFolder(dir: string, messages: number, shape = SHAPE): Promise<string> {
  const data = bulkDataset({ ...shape, messages: 0 });
  for (const [name, docs] of [
    ['users', data.users],
    ['conversations', data.conversations],
  ] as const) {
    const out = createWriteStream(join(dir, `${name}.json`));
    for (const doc of docs) await write(out, `${toExtendedJson(doc, 'relaxed')}\n`);
    await close(out);
  }
  const out = createWriteStream(join(dir, 'messages.json'));
  for (let i = 0; i < messages; i++)
    await write(out, `${toExtendedJson(bulkMessage(i, data.conversations, shape), 'relaxed')}\n`);
  await close(out);
  return dir;
}

/** A gzipped `mongodump --archive` of the same data, streamed (messages in blocks of 1,000, as mongodump's buffer makes them). */
async function writeArchiveFile(file: string, messages: number): Promise<string> {
  const data = bulkDataset({ ...SHAPE, messages: 0 });
  const gzip = createGzip();
  const done = new Promise<void>((resolve) => gzip.pipe(createWriteStream(file)).on('finish', () => resolve()));
  const terminator = Buffer.from([0xff, 0xff, 0xff, 0xff]);
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(ARCHIVE_MAGIC);
  await write(gzip, magic);
  await write(
    gzip,
    serializeDoc({ concurrent_collections: 4, version: '0.1', server_version: '7.0.12', tool_version: '100.9.4' }),
  );
  for (const name of ['users', 'conversations', 'messages'])
    await write(gzip, serializeDoc({ db: 'chat', collection: name, metadata: '{}', size: 0 }));
  await write(gzip, terminator);
  const block = async (name: string, docs: Iterable<Doc>, crc: Crc64) => {
    await write(gzip, serializeDoc({ db: 'chat', collection: name, EOF: false, CRC: Long.fromInt(0) }));
    for (const doc of docs) {
      const bytes = serializeDoc(doc);
      crc.update(bytes);
      await write(gzip, bytes);
    }
    await write(gzip, terminator);
  };
  const crcs = { users: new Crc64(), conversations: new Crc64(), messages: new Crc64() };
  await block('users', data.users, crcs.users);
  await block('conversations', data.conversations, crcs.conversations);
  for (let start = 0; start < messages; start += 1000) {
    const docs = Array.from({ length: Math.min(1000, messages - start) }, (_, k) =>
      bulkMessage(start + k, data.conversations, SHAPE),
    );
    await block('messages', docs, crcs.messages);
  }
  for (const [name, crc] of Object.entries(crcs)) {
    await write(
      gzip,
      serializeDoc({ db: 'chat', collection: name, EOF: true, CRC: Long.fromBigInt(BigInt.asIntN(64, crc.digest())) }),
    );
    await write(gzip, terminator);
  }
  await close(gzip);
  await done;
  return file;
}

interface Measured {
  seconds: number;
  documents: number;
  messages: number;
  written: number;
  rejected: number;
  maxRssMiB: number;
}

function scenario(
  from: string,
  mode: string,
  outDir: string,
  env: Record<string, string> = {},
  flags = NODE_FLAGS,
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...flags, '--import', 'tsx', join(root, 'test/bench/migrate-child.ts'), from, mode, outDir],
      {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => void (out += chunk));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}'))
        : reject(new Error(`scenario ${mode} exited ${code}`)),
    );
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const work = await mkdtemp(join(tmpdir(), 'parley-bench-migrate-'));
const rows: string[][] = [];
const load = loadavg();
try {
  process.stderr.write(`▶ generating ${fmt(MESSAGES)} messages (mongoexport JSON lines, gzipped archive) in ${work}\n`);
  const exportDir = join(work, 'export');
  await import('node:fs/promises').then((fs) => fs.mkdir(exportDir));
  await writeExportFolder(exportDir, MESSAGES);
  const archive = await writeArchiveFile(join(work, 'chat.archive.gz'), MESSAGES);
  const row = (what: string, source: string, m: Measured, budget: string) =>
    rows.push([
      what,
      source,
      fmt(m.messages),
      `${m.seconds.toFixed(1)} s`,
      `${fmt(m.documents / m.seconds)} docs/s`,
      `${m.maxRssMiB.toFixed(0)} MiB`,
      budget,
    ]);
  const rssBudget = (m: Measured) => `≤ ${BUDGET_MIB} MiB: ${m.maxRssMiB <= BUDGET_MIB ? 'met' : '**not met**'}`;

  for (const [label, from] of [
    ['mongoexport JSON lines (relaxed)', exportDir],
    ['mongodump --archive --gzip', archive],
  ] as const) {
    process.stderr.write(`▶ dry run, ${label}\n`);
    const m = await scenario(from, 'dry', join(work, `out-${rows.length}`));
    row('dry run (read, decode, map, check)', label, m, rssBudget(m));
  }

  const memoryMessages = count('BENCH_MIGRATE_MEMORY', 200_000);
  const small = join(work, 'export-small');
  await import('node:fs/promises').then((fs) => fs.mkdir(small));
  await writeExportFolder(small, memoryMessages);
  process.stderr.write(`▶ live into memory (${fmt(memoryMessages)} messages)\n`);
  // The memory backend keeps every record in this process: it gets a heap for them.
  const memory = await scenario(small, 'memory', join(work, 'out-memory'), {}, ['--max-old-space-size=2048']);
  row(
    'live → memory backend',
    'mongoexport JSON lines',
    memory,
    'reported (run with --max-old-space-size=2048: the backend holds every record in the process)',
  );

  const dynamoMessages = count('BENCH_MIGRATE_DYNAMODB', 20_000);
  const dynamoDir = join(work, 'export-dynamo');
  await import('node:fs/promises').then((fs) => fs.mkdir(dynamoDir));
  await writeExportFolder(dynamoDir, dynamoMessages, DYNAMO_SHAPE);
  process.stderr.write('▶ DynamoDB Local\n');
  const local = await startDynamoLocal();
  try {
    const keys = { accessKeyId: 'local', secretAccessKey: 'local' };
    await createTable(
      createAws4fetchTransport({ region: 'us-east-1', endpoint: local.endpoint, ...keys }),
      'parley-bench-migrate',
    );
    process.stderr.write(`▶ live into DynamoDB Local (${fmt(dynamoMessages)} messages)\n`);
    const dynamo = await scenario(dynamoDir, 'dynamodb', join(work, 'out-dynamo'), {
      DYNAMODB_TABLE: 'parley-bench-migrate',
      DYNAMODB_ENDPOINT: local.endpoint,
      DYNAMODB_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    });
    row('live → DynamoDB Local', 'mongoexport JSON lines', dynamo, rssBudget(dynamo));
  } finally {
    await local.stop();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

const table: BenchTable = {
  title: MIGRATION_TABLE,
  note: [
    `Generated by \`npm run bench:migrate\` (test/bench/migrate.ts), ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, load average at start ${load.map((n) => n.toFixed(1)).join(' / ')} (the machine is shared: absolute rates are noisy).`,
    `Data: ${fmt(SHAPE.users)} users, ${fmt(SHAPE.conversations)} four-person conversations (DynamoDB Local: ${DYNAMO_SHAPE.users} and ${DYNAMO_SHAPE.conversations}), and the messages shown (every 50th with an attachment, every 97th deleted). Each scenario runs in a fresh process with concurrency 32 and batches of 100; "docs/s" counts every document of the three collections over the whole run, which reads each collection twice when live (index pass, write pass).`,
    `Peak RSS is the process's \`resourceUsage().maxRSS\`, run with the CLI's Node flags (${NODE_FLAGS.join(' ') || 'none'}: a bounded old space makes V8 collect instead of growing; without it the same dry run peaks near 250 MiB from garbage not yet collected).`,
    'Writes into DynamoDB Local cost one GetItem and one TransactWriteItems (the message + a condition check on its conversation) per message; DynamoDB Local on this machine, not the service, bounds that rate.',
  ].join(' '),
  columns: ['run', 'source', 'messages', 'time', 'throughput', 'peak RSS', 'budget'],
  rows,
};
const jsonPath = join(root, 'docs/benchmarks.json');
const results = JSON.parse(await readFile(jsonPath, 'utf8')) as BenchResults;
results.tables = [...results.tables.filter((t) => t.title !== MIGRATION_TABLE), table];
await import('node:fs/promises').then(async (fs) => {
  await fs.writeFile(jsonPath, `${JSON.stringify(results, null, 2)}\n`);
  await fs.writeFile(join(root, 'docs/benchmarks.md'), toMarkdown(results));
});
for (const r of rows) console.log(r.join('  |  '));
