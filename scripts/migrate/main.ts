import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../src/config.js';
import { type MigrationMapping, mongooseChatMapping } from '../../src/migration/mapping.js';
import { COLLECTIONS } from '../../src/migration/plan.js';
import { Progress } from './progress.js';
import { type MigrationReport, migrate } from './run.js';
import { openSource, type SourceFormat } from './sources/source.js';
import { openTarget, TARGETS } from './targets.js';

const USAGE = `npm run migrate -- --from <path> [options]

Moves a MongoDB chat product's users, conversations and messages into Parley, through Parley's
repository port (docs/migration.md). Dry run unless --live.

  --from <path>         a folder of mongoexport files, a mongodump folder, or a mongodump --archive file
  --format <f>          auto (default) | jsonl | json | dump | archive
  --db <name>           the database, when a dump or archive holds several
  --to <backend>        ${Object.keys(TARGETS).join(' | ')} (default: STORAGE_BACKEND); settings from the
                        server's variables (DYNAMODB_TABLE, DYNAMODB_REGION, DYNAMODB_ENDPOINT, AWS_*),
                        or PARLEY_ADMIN_URL + PARLEY_ADMIN_TOKEN for the Workers-only backends
  --live                write (default: a dry run that reads, maps and reports, and writes nothing)
  --resume              continue the interrupted live run whose checkpoint is in --out
  --verify              compare source and target afterwards (alone: a read-only check)
  --out <dir>           reports, errors.jsonl, conflicts.jsonl, checkpoint.json (default ./parley-migration)
  --mapping <module>    a module whose default export is a MigrationMapping (default: the Mongoose mapping)
  --batch-size <n>      documents per checkpointed batch (default 100)
  --concurrency <n>     writes in flight (default 16)
  --sample <rate>       share of messages --verify deep-compares, 0–1 (default 0.01)
  --media <source>      copy attachments from a folder or bucket into Parley's media store (not yet
                        available: see docs/migration.md)

Exit status: 0 done (rejections and conflicts are in the report), 1 stopped by an error (rerun with
--resume), 2 bad usage or configuration, 3 --verify found missing or different records.`;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const problems: string[] = [];
  const from = values.from;
  if (!from) problems.push('--from is required');
  const format = (values.format ?? 'auto') as SourceFormat | 'auto';
  if (!['auto', 'jsonl', 'json', 'dump', 'archive'].includes(format))
    problems.push('--format must be auto, jsonl, json, dump or archive');
  const to = values.to ?? env.STORAGE_BACKEND;
  if (values.to && env.STORAGE_BACKEND && env.STORAGE_BACKEND !== values.to) {
    problems.push(`--to ${values.to} but STORAGE_BACKEND is ${env.STORAGE_BACKEND}: unset one of them`);
  }
  const needsTarget = values.live || values.verify;
  if (needsTarget && !to) problems.push('--to (or STORAGE_BACKEND) is required with --live or --verify');
  const number = (name: string, raw: string | undefined, fallback: number, min: number, max: number) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!(n >= min && n <= max)) problems.push(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const batchSize = number('batch-size', values['batch-size'], 100, 1, 10_000);
  const concurrency = number('concurrency', values.concurrency, 16, 1, 256);
  const sampleRate = number('sample', values.sample, 0.01, 0, 1);
  if (values.media) {
    problems.push(
      '--media: copying attachments needs Parley to store media itself: the media store exists (docs/media.md), the copy step into it does not yet; without --media every attachment is left out of its message and listed in attachments.jsonl',
    );
  }
  if (values.resume && !values.live) problems.push('--resume continues a live run: add --live');
  if (problems.length > 0) {
    console.error(`${problems.join('\n')}\n\n${USAGE}`);
    return 2;
  }

  const progress = new Progress();
  try {
    const mapping = values.mapping ? await loadMapping(values.mapping) : mongooseChatMapping;
    const source = await openSource(from as string, format, values.db);
    let target: Awaited<ReturnType<typeof openTarget>> | null = null;
    if (needsTarget) {
      try {
        target = await openTarget(to as string, env);
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        console.error(`target: ${(error as Error).message}`);
        return 2;
      }
    }
    progress.line(
      `parley migrate: ${source.description} → ${target?.name ?? 'nowhere (dry run)'}${values.live ? '' : ' — dry run, nothing is written'}`,
    );
    const report = await migrate({
      source,
      mapping,
      target,
      live: values.live === true,
      resume: values.resume === true,
      verify: values.verify === true,
      outDir: resolve(values.out ?? 'parley-migration'),
      batchSize,
      concurrency,
      sampleRate,
      progress,
    });
    console.log(summary(report));
    return report.verify && !report.verify.ok ? 3 : 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`configuration: ${error.problems.join('; ')}`);
      return 2;
    }
    console.error(`parley migrate stopped: ${(error as Error).stack ?? String(error)}`);
    if (values.live) console.error('What was acknowledged is in the checkpoint: rerun with --resume to continue.');
    return 1;
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      from: { type: 'string' },
      format: { type: 'string' },
      db: { type: 'string' },
      to: { type: 'string' },
      live: { type: 'boolean' },
      resume: { type: 'boolean' },
      verify: { type: 'boolean' },
      out: { type: 'string' },
      mapping: { type: 'string' },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      sample: { type: 'string' },
      media: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
}

async function loadMapping(path: string): Promise<MigrationMapping> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as { default?: MigrationMapping };
  const mapping = module.default;
  if (!mapping || typeof mapping.user !== 'function' || typeof mapping.message !== 'function') {
    throw new Error(`${path}: its default export must be a MigrationMapping (src/migration/mapping.ts)`);
  }
  return mapping;
}

/** The human summary printed at the end (report.json has everything). */
export function summary(report: MigrationReport): string {
  const lines = [
    '',
    `${report.mode === 'live' ? 'Live run' : 'Dry run'}${report.resumed ? ' (resumed)' : ''}: ${report.source} → ${report.target ?? '—'}`,
    '',
    'collection      read   accepted   rejected   adjusted   written  unchanged  conflicts',
  ];
  for (const name of COLLECTIONS) {
    const c = report.collections[name];
    const cells = [c.read, c.accepted, c.rejected, c.adjusted, c.written, c.unchanged, c.conflicts].map((n, i) =>
      String(n).padStart(i === 0 ? 8 : 10),
    );
    lines.push(`${name.padEnd(14)}${cells.join(' ')}`);
  }
  for (const name of COLLECTIONS) {
    const reasons = Object.entries(report.collections[name].rejections);
    if (reasons.length > 0) lines.push(`  ${name} rejected: ${reasons.map(([code, n]) => `${code} ${n}`).join(', ')}`);
    const conflicts = Object.entries(report.collections[name].conflictReasons);
    if (conflicts.length > 0)
      lines.push(`  ${name} conflicts: ${conflicts.map(([code, n]) => `${code} ${n}`).join(', ')}`);
  }
  lines.push(
    `handles changed: ${report.handles.changed}; attachments: ${report.attachments.listed} listed (${report.attachments.kept} kept by URL, ${report.attachments.leftOut} left out)`,
  );
  if (report.retries > 0) lines.push(`store calls retried after throttling or failures: ${report.retries}`);
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  if (report.verify) {
    const v = report.verify;
    lines.push(`verify: ${v.ok ? 'OK' : 'DIFFERENCES FOUND'}`);
    for (const name of COLLECTIONS) {
      const c = v.collections[name];
      lines.push(
        `  ${name.padEnd(14)} expected ${c.expected}, found ${c.found}, missing ${c.missing}, different ${c.different} (compared ${c.compared})${c.extra ? `, extra ${c.extra}` : ''}`,
      );
    }
    lines.push(
      `  activity wrong ${v.activityWrong}, order wrong ${v.orderWrong}, lists: ${v.lists.usersChecked} users checked, ${v.lists.entriesMissing} entries missing`,
    );
    for (const example of v.examples) lines.push(`  - ${example}`);
  }
  lines.push(`details: ${report.outputs.report}`);
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2), process.env);
}
