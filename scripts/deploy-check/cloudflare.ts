import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkerDeps } from '../../adapters/cloudflare/deps.js';
import type { Env } from '../../adapters/cloudflare/env.js';
import { ConfigError } from '../../src/config.js';
import { BUNDLE_GZIP_BUDGET } from '../../test/budgets/budgets.js';
import { wranglerCli } from '../dev/wrangler-dev.js';
import { ensureDocsUi } from '../docs-ui.js';
import { placeholderReason, stringLeaves } from './placeholders.js';
import { newReport, type Report } from './report.js';

export interface CloudflareCheckOptions {
  /** Folder holding wrangler.toml. */
  root: string;
  /** The repository (its node_modules has wrangler). */
  repoRoot: string;
  env: string;
  /** The secrets the environment will have (a `wrangler secret bulk` file); unchecked without it. */
  secrets?: Record<string, string>;
}

/** The keys of a resolved wrangler config that name things in the account or hold the Worker's vars. */
const SCANNED = [
  'account_id',
  'routes',
  'route',
  'vars',
  'kv_namespaces',
  'd1_databases',
  'r2_buckets',
  'durable_objects',
  'queues',
  'services',
  'hyperdrive',
  'vectorize',
  'analytics_engine_datasets',
] as const;

/** The secrets the Worker reads for this configuration (adapters/cloudflare/env.ts). */
export function requiredWorkerSecrets(vars: Record<string, unknown>): string[] {
  const names = ['CURSOR_SECRET'];
  if ((vars.AUTH_MODE ?? 'hs256') === 'hs256') names.push('AUTH_HS256_SECRET');
  if (vars.STORAGE_BACKEND === 'dynamodb') names.push('AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY');
  return names;
}

export async function checkCloudflare(options: CloudflareCheckOptions): Promise<Report> {
  const { env } = options;
  const file = join(options.root, 'wrangler.toml');
  const report = newReport(`Cloudflare Workers (wrangler.toml, [env.${env}])`);
  let config: Record<string, any>;
  try {
    const { unstable_readConfig } = (await import('wrangler')) as unknown as {
      unstable_readConfig: (args: { config: string; env: string }) => Record<string, any>;
    };
    config = unstable_readConfig({ config: file, env });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 6).join(' ') : String(error);
    report.problems.push(`wrangler.toml cannot be read for --env ${env}: ${message}`);
    return report;
  }
  if (!(config.definedEnvironments as string[] | undefined)?.includes(env)) {
    report.problems.push(`wrangler.toml has no [env.${env}]; add one (each environment repeats its bindings and vars)`);
    return report;
  }

  // Placeholders: ids and URLs as the repository ships them.
  const before = report.problems.length;
  for (const key of SCANNED) {
    for (const leaf of stringLeaves(config[key], key)) {
      const reason = placeholderReason(leaf.value);
      if (reason) report.problems.push(placeholderMessage(env, leaf.path, leaf.value, reason, config));
    }
  }
  if (report.problems.length === before) report.passed.push('no placeholder ids, names or URLs');

  const vars = (config.vars ?? {}) as Record<string, unknown>;
  if (vars.PARLEY_STAGE !== env) {
    report.problems.push(
      `[env.${env}.vars] PARLEY_STAGE is ${JSON.stringify(vars.PARLEY_STAGE ?? null)}; set it to "${env}" (it names the stage in /health, logs and metrics)`,
    );
  }
  if (config.observability?.enabled !== true) {
    report.problems.push(`[env.${env}.observability] enabled = true is missing: the Worker's logs would not be kept`);
  } else {
    report.passed.push(`Workers Logs on, head_sampling_rate ${config.observability.head_sampling_rate ?? 1}`);
  }

  // Secrets, then the configuration the Worker would start with (its own validation, adapters/cloudflare/deps.ts).
  const secretNames = requiredWorkerSecrets(vars);
  const secrets: Record<string, string> = {};
  if (options.secrets) {
    for (const name of secretNames) {
      if (options.secrets[name]) secrets[name] = options.secrets[name]!;
      else report.problems.push(`secret ${name} is missing from the secrets file: the Worker needs it`);
    }
  } else {
    for (const name of secretNames) secrets[name] = 'stand-in-secret-value-of-32-characters-or-more';
    report.notes.push(
      `secrets not checked offline; make sure these are set: ${secretNames
        .map((name) => `npx wrangler secret put ${name} --env ${env}`)
        .join('; ')} (or pass --secrets <file> to check a file for \`wrangler secret bulk\`)`,
    );
  }
  const bindings: Record<string, unknown> = { ...vars, ...secrets };
  for (const kv of (config.kv_namespaces ?? []) as Array<{ binding: string }>) bindings[kv.binding] = kvStandIn;
  for (const object of (config.durable_objects?.bindings ?? []) as Array<{ name: string }>) {
    bindings[object.name] = durableObjectStandIn;
  }
  try {
    createWorkerDeps(bindings as Env);
    report.passed.push(
      `the Worker's configuration is valid (${String(vars.STORAGE_BACKEND ?? 'durable-object')}, ${String(vars.AUTH_MODE ?? 'hs256')})`,
    );
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) report.problems.push(`the Worker would not start: ${problem}`);
  }

  await dryRun(options, report);
  return report;
}

function placeholderMessage(env: string, path: string, value: string, reason: string, config: Record<string, any>) {
  const kv = /^kv_namespaces\[(\d+)\]\.id$/.exec(path);
  if (kv) {
    const binding = config.kv_namespaces[Number(kv[1])]?.binding ?? 'PARLEY_KV';
    return `[env.${env}] kv_namespaces ${binding} id "${value}" is a placeholder: run \`npx wrangler kv namespace create ${binding} --env ${env}\` and put the id it prints there`;
  }
  if (path === 'vars.AUTH_JWKS_URL') {
    return `[env.${env}.vars] AUTH_JWKS_URL "${value}" is a placeholder (${reason}): your identity provider's JWKS URL, e.g. https://cognito-idp.<region>.amazonaws.com/<pool-id>/.well-known/jwks.json`;
  }
  const where = path.startsWith('vars.') ? `[env.${env}.vars] ${path.slice(5)}` : `[env.${env}] ${path}`;
  return `${where} "${value}" is a placeholder (${reason}): put the real value there`;
}

/** A KV binding stand-in: the configuration check only needs one to be bound. */
const kvStandIn = {
  get: async () => null,
  put: async () => undefined,
  delete: async () => undefined,
  list: async () => ({ list_complete: true as const, keys: [] }),
};

/** A Durable Object namespace stand-in: building the repository calls no object. */
const durableObjectStandIn = { idFromName: (name: string) => name, get: () => ({}) };

/** `wrangler deploy --dry-run` (offline: bundles, validates, uploads nothing), and the bundle against its budget. */
async function dryRun(options: CloudflareCheckOptions, report: Report): Promise<void> {
  const outdir = await mkdtemp(join(tmpdir(), 'parley-deploy-check-'));
  ensureDocsUi(options.repoRoot); // the static assets a deploy uploads with the script ([assets], public/)
  try {
    const args = [
      wranglerCli(options.repoRoot),
      'deploy',
      '--dry-run',
      '--outdir',
      outdir,
      '--env',
      options.env,
      '--config',
      join(options.root, 'wrangler.toml'),
    ];
    const { code, output } = await run(process.execPath, args, options.repoRoot);
    if (code !== 0) {
      const tail = output.trim().split('\n').slice(-8).join('\n    ');
      report.problems.push(`\`wrangler deploy --dry-run --env ${options.env}\` failed (exit ${code}):\n    ${tail}`);
      return;
    }
    const size = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(output);
    if (!size) {
      report.problems.push('`wrangler deploy --dry-run` printed no upload size');
      return;
    }
    const gzipKiB = Number(size[2]);
    const budget = BUNDLE_GZIP_BUDGET.cloudflare ?? Number.POSITIVE_INFINITY;
    const line = `Worker bundle ${size[1]} KiB, ${gzipKiB} KiB gzip (budget ${budget / 1024} KiB gzip), from \`wrangler deploy --dry-run\``;
    if (gzipKiB * 1024 > budget) {
      report.problems.push(
        `${line}: over budget; move the work that grew it into its own Worker (README, Rules of the house)`,
      );
    } else {
      report.passed.push(line);
    }
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}
