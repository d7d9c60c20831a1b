import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCheck } from '../../scripts/deploy-check.js';
import { placeholderReason } from '../../scripts/deploy-check/placeholders.js';

/**
 * `npm run deploy:check`: on the repository as committed it names every placeholder; on copies in a
 * temporary folder it fails on each kind of problem, and passes once everything is filled in. The
 * Cloudflare side runs the real `wrangler deploy --dry-run` (offline) on each copy.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'parley-deploy-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KV_ID = '0123456789abcdef0123456789abcdef';
const JWKS = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123/.well-known/jwks.json';
const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';

/** A copy of the deploy configuration in its own folder; `edit` rewrites its files; dist/ shared from the build below. */
function copy(name: string, edit: (files: Record<string, string>) => void = () => {}): string {
  const dir = join(work, name);
  cpSync(join(REPO, 'templates'), join(dir, 'templates'), { recursive: true });
  const files: Record<string, string> = {};
  for (const file of ['wrangler.toml', 'template.yaml', 'samconfig.toml'])
    files[file] = readFileSync(join(REPO, file), 'utf8');
  // The copy's Worker entry is the repository's (wrangler resolves `main` from the config's folder).
  files['wrangler.toml'] = files['wrangler.toml']!.replace(
    'main = "adapters/cloudflare/worker.ts"',
    `main = "${join(REPO, 'adapters/cloudflare/worker.ts')}"`,
  );
  // Likewise its static assets ([assets], public/: the OpenAPI document and the /docs page).
  files['wrangler.toml'] = files['wrangler.toml']!.replace(
    'directory = "./public"',
    `directory = "${join(REPO, 'public')}"`,
  );
  edit(files);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

function filled(files: Record<string, string>): void {
  files['wrangler.toml'] = files['wrangler.toml']!.replace(/REPLACE_WITH_\w+_KV_NAMESPACE_ID/g, KV_ID).replaceAll(
    'https://REPLACE-WITH-YOUR-ISSUER.example/.well-known/jwks.json',
    JWKS,
  );
  files['samconfig.toml'] = files['samconfig.toml']!.replace(
    'https://cognito-idp.REGION.amazonaws.com/USER_POOL_ID/.well-known/jwks.json',
    JWKS,
  ).replace('AuthIssuer=https://cognito-idp.REGION.amazonaws.com/USER_POOL_ID', `AuthIssuer=${ISSUER}`);
}

let dist = '';
beforeAll(async () => {
  dist = join(work, 'dist');
  // Every function's bundle template.yaml deploys (a missing one is a deploy:check problem).
  const targets = ['lambda', 'lambda-media', 'lambda-realtime-socket', 'lambda-realtime-fanout'];
  await promisify(execFile)(process.execPath, ['scripts/build.mjs', ...targets, '--outdir', dist], { cwd: REPO });
}, 120_000);

const withDist = (dir: string) => {
  cpSync(dist, join(dir, 'dist'), { recursive: true });
  return dir;
};

describe('npm run deploy:check', () => {
  it('on the repository as committed, --env staging names the placeholders to fill and how', async () => {
    const { code, text } = await deployCheck(['--env', 'staging']);
    expect(code).toBe(1);
    expect(text).toContain(
      '✗ [env.staging] kv_namespaces PARLEY_KV id "REPLACE_WITH_STAGING_KV_NAMESPACE_ID" is a placeholder: run `npx wrangler kv namespace create PARLEY_KV --env staging`',
    );
    expect(text).toContain(
      '✗ [env.staging.vars] AUTH_JWKS_URL "https://REPLACE-WITH-YOUR-ISSUER.example/.well-known/jwks.json" is a placeholder',
    );
    expect(text).toMatch(
      /✓ Worker bundle [\d.]+ KiB, [\d.]+ KiB gzip \(budget 60 KiB gzip\), from `wrangler deploy --dry-run`/,
    );
    expect(text).toContain('npx wrangler secret put CURSOR_SECRET --env staging');
    expect(text).toContain('/parley/staging/cursor-secret');
  }, 120_000);

  it('on the repository as committed, --env production names the samconfig.toml placeholders', async () => {
    const { code, reports } = await deployCheck(['--env', 'production', '--provider', 'aws']);
    expect(code).toBe(1);
    const problems = reports[0]!.problems.join('\n');
    expect(problems).toContain('parameter_overrides AuthJwksUrl=https://cognito-idp.REGION.amazonaws.com/USER_POOL_ID');
    expect(problems).toContain('parameter_overrides AuthIssuer=https://cognito-idp.REGION.amazonaws.com/USER_POOL_ID');
  });

  it('fails on each kind of Cloudflare problem: placeholder ids and URLs, a wrong stage, a missing secret', async () => {
    const dir = copy('cloudflare-broken', (files) => {
      filled(files);
      // The staging section only: placeholders of other kinds than the committed ones.
      const [head, staging] = files['wrangler.toml']!.split('[env.staging]') as [string, string];
      files['wrangler.toml'] = `${head}[env.staging]${staging
        .replace(`id = "${KV_ID}"`, 'id = "<kv-id>"')
        .replace('PARLEY_STAGE = "staging"', 'PARLEY_STAGE = "prod"')
        .replace(`AUTH_JWKS_URL = "${JWKS}"`, 'AUTH_JWKS_URL = "https://login.example.com/jwks.json"')}`;
    });
    const secrets = join(dir, 'secrets.env');
    writeFileSync(secrets, 'AUTH_HS256_SECRET=unused\n');
    const { code, reports } = await deployCheck([
      '--env',
      'staging',
      '--provider',
      'cloudflare',
      '--root',
      dir,
      '--secrets',
      secrets,
    ]);
    expect(code).toBe(1);
    const problems = reports[0]!.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/kv_namespaces PARLEY_KV id "<kv-id>" is a placeholder/),
        expect.stringMatching(
          /AUTH_JWKS_URL "https:\/\/login\.example\.com\/jwks\.json" is a placeholder \(points at login\.example\.com/,
        ),
        expect.stringMatching(/PARLEY_STAGE is "prod"; set it to "staging"/),
        'secret CURSOR_SECRET is missing from the secrets file: the Worker needs it',
      ]),
    );
  }, 120_000);

  it('fails on each kind of AWS problem: unknown, disallowed and mismatched parameters, capabilities, the template checks, a missing bundle', async () => {
    const dir = copy('aws-broken', (files) => {
      filled(files);
      files['samconfig.toml'] = files['samconfig.toml']!.replace(
        'parameter_overrides = "Stage=staging LogRetentionDays=30 AuthMode=hs256"',
        'parameter_overrides = "Stage=production LogRetentionDays=31 AuthMode=oauth Colour=blue"',
      ).replace(
        /(\[staging\.deploy\.parameters\]\ncapabilities = )"CAPABILITY_IAM CAPABILITY_AUTO_EXPAND"/,
        '$1"CAPABILITY_IAM"',
      );
      files['template.yaml'] = files['template.yaml']!.replace('      AutoPublishAlias: live\n', '');
    });
    const { code, reports } = await deployCheck(['--env', 'staging', '--provider', 'aws', '--root', dir]);
    expect(code).toBe(1);
    const problems = reports[0]!.problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        '[staging.deploy.parameters] capabilities lacks CAPABILITY_AUTO_EXPAND (the stack has IAM roles and nested alarm blocks)',
        '[staging.deploy.parameters] parameter_overrides sets Colour, which template.yaml does not declare',
        expect.stringMatching(/LogRetentionDays=31 is not one of 1, 3, 5, 7/),
        '[staging.deploy.parameters] AuthMode=oauth is not one of hs256, jwks',
        '[staging.deploy.parameters] parameter_overrides must set Stage=staging (got production)',
        'ParleyFunction would not start with these parameters: AUTH_MODE must be hs256 or jwks',
        'template.yaml: ParleyFunction: no AutoPublishAlias (a canary needs a version alias)',
        expect.stringMatching(/ParleyFunction: dist\/lambda\/ has no bundle yet: run `npm run build`/),
      ]),
    );
  });

  const DO_CLASSES = ['ConversationObject', 'UserObject', 'HandleObject', 'IdempotencyObject'];
  it('refuses a Worker bundle over its budget, with the size wrangler measured', async () => {
    const dir = copy('over-budget', (files) => {
      filled(files);
      files['wrangler.toml'] = files['wrangler.toml']!.replace(/^main = ".*"$/m, 'main = "big-worker.js"');
    });
    // Random base64 does not compress: ~100 KB of it stays far above 60 KB gzip.
    const blob = Buffer.from(Array.from({ length: 75_000 }, () => Math.floor(Math.random() * 256))).toString('base64');
    writeFileSync(
      join(dir, 'big-worker.js'),
      // It exports the Durable Object classes wrangler.toml binds, as the real Worker does.
      `export default { fetch: () => new Response(${JSON.stringify(blob)}) };\n${DO_CLASSES.map((name) => `export class ${name} {}\n`).join('')}`,
    );
    const { code, reports } = await deployCheck(['--env', 'dev', '--provider', 'cloudflare', '--root', dir]);
    expect(code).toBe(1);
    expect(reports[0]!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Worker bundle [\d.]+ KiB, [\d.]+ KiB gzip \(budget 60 KiB gzip\).*: over budget/),
      ]),
    );
  }, 120_000);

  it('passes on a filled configuration, for both providers', async () => {
    const dir = withDist(copy('filled', filled));
    const secrets = join(dir, 'secrets.env');
    writeFileSync(secrets, `CURSOR_SECRET="${'c'.repeat(40)}"\n`);
    const production = await deployCheck(['--env', 'production', '--root', dir, '--secrets', secrets]);
    expect(production.reports.flatMap((report) => report.problems)).toEqual([]);
    expect(production.code).toBe(0);
    expect(production.text).toContain('Ready to deploy production');
    const staging = await deployCheck(['--env', 'staging', '--provider', 'aws', '--root', dir]);
    expect(staging.reports.flatMap((report) => report.problems)).toEqual([]);
  }, 180_000);

  it('tells placeholders from real values', () => {
    for (const value of [
      'REPLACE_WITH_DEV_KV_NAMESPACE_ID',
      'https://REPLACE-WITH-YOUR-ISSUER.example/.well-known/jwks.json',
      'https://cognito-idp.REGION.amazonaws.com/USER_POOL_ID/.well-known/jwks.json',
      '<your-table>',
      'https://auth.example.com/jwks',
      'CHANGEME',
    ])
      expect(placeholderReason(value), value).toBeDefined();
    for (const value of [
      KV_ID,
      JWKS,
      ISSUER,
      'RS256',
      'parley-production',
      'https://login.acme.io/.well-known/jwks.json',
    ])
      expect(placeholderReason(value), value).toBeUndefined();
  });

  it('requires --env', async () => {
    expect((await deployCheck([])).code).toBe(2);
  });
});
