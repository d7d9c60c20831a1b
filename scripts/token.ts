import { existsSync, readFileSync } from 'node:fs';
import { parseEnv, parseArgs } from 'node:util';
import { signDevToken } from '../src/auth/dev-token.js';

/**
 * `npm run token -- --user <id> [--ttl 1h] [--file .dev.vars]`: print an HS256 dev token for any
 * user, signed with `AUTH_HS256_SECRET` from `.dev.vars` (the file `npm run dev` creates), read with
 * Node's dotenv parser — the one wrangler's format follows — so quoted values lose their quotes.
 * `AUTH_ISSUER`/`AUTH_AUDIENCE` in the file become the token's `iss`/`aud`.
 */
export function ttlSeconds(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`--ttl must be a number of seconds or like 30m, 1h, 2d (got ${text})`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

export async function tokenFromDevVars(options: { user: string; ttl?: string; file: string }): Promise<string> {
  if (!existsSync(options.file)) throw new Error(`${options.file} not found: run \`npm run dev\` once to create it`);
  const vars = parseEnv(readFileSync(options.file, 'utf8')) as Record<string, string | undefined>;
  const secret = vars.AUTH_HS256_SECRET;
  if (!secret) throw new Error(`${options.file} has no AUTH_HS256_SECRET: run \`npm run dev\` once to add it`);
  return signDevToken({
    sub: options.user,
    secret,
    ttlSeconds: ttlSeconds(options.ttl ?? '1h'),
    ...(vars.AUTH_ISSUER ? { issuer: vars.AUTH_ISSUER } : {}),
    ...(vars.AUTH_AUDIENCE ? { audience: vars.AUTH_AUDIENCE } : {}),
  });
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { user: { type: 'string' }, ttl: { type: 'string' }, file: { type: 'string', default: '.dev.vars' } },
  });
  if (!values.user) {
    console.error('usage: npm run token -- --user <id> [--ttl 1h] [--file .dev.vars]');
    return 2;
  }
  try {
    const ttl = values.ttl;
    console.log(await tokenFromDevVars({ user: values.user, file: values.file, ...(ttl ? { ttl } : {}) }));
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  process.exitCode = await main(process.argv.slice(2));
}
