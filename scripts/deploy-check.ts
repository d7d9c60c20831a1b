/**
 * `npm run deploy:check -- --env <stage> [--provider cloudflare|aws|all] [--secrets FILE] [--root DIR]`:
 * everything that can be known before a deploy, for both providers, offline. It refuses placeholder
 * ids and URLs (wrangler.toml, samconfig.toml), missing or invalid parameters and secrets (the
 * configuration each target would start with, validated by the app's own `parseConfig`), a Worker
 * bundle over its budget (`wrangler deploy --dry-run`, which prints the upload size), and a template
 * without the alarms, canary deployments and dashboard of scripts/template/checks.ts — and says
 * exactly what is wrong. Exit code 1 when anything is. What needs the accounts (secrets already set
 * in Cloudflare, SSM parameters) is listed to confirm.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, parseEnv } from 'node:util';
import { checkAws } from './deploy-check/aws.js';
import { checkCloudflare } from './deploy-check/cloudflare.js';
import { type Report, renderReports } from './deploy-check/report.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));

export async function deployCheck(argv: string[]): Promise<{ code: number; text: string; reports: Report[] }> {
  const { values } = parseArgs({
    args: argv,
    options: {
      env: { type: 'string' },
      provider: { type: 'string', default: 'all' },
      secrets: { type: 'string' },
      root: { type: 'string' },
    },
  });
  const env = values.env;
  if (!env)
    return {
      code: 2,
      text: 'npm run deploy:check -- --env <stage>: --env is required (dev, staging, production)',
      reports: [],
    };
  const provider = values.provider ?? 'all';
  if (!['all', 'cloudflare', 'aws'].includes(provider)) {
    return { code: 2, text: `--provider must be cloudflare, aws or all, got ${provider}`, reports: [] };
  }
  const root = resolve(values.root ?? REPO);
  const secrets = values.secrets
    ? (parseEnv(readFileSync(values.secrets, 'utf8')) as Record<string, string>)
    : undefined;
  const reports: Report[] = [];
  if (provider !== 'aws')
    reports.push(await checkCloudflare({ root, repoRoot: REPO, env, ...(secrets ? { secrets } : {}) }));
  if (provider !== 'cloudflare') reports.push(await checkAws({ root, repoRoot: REPO, env }));
  const failed = reports.some((report) => report.problems.length > 0);
  return { code: failed ? 1 : 0, text: renderReports(env, reports), reports };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { code, text } = await deployCheck(process.argv.slice(2));
  (code === 0 ? console.log : console.error)(text);
  process.exitCode = code;
}
