import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** The local secrets `wrangler dev` needs, kept in `.dev.vars` (gitignored). */
export const REQUIRED_DEV_SECRETS = ['AUTH_HS256_SECRET', 'CURSOR_SECRET'] as const;

/**
 * Read `.dev.vars`, creating it (or adding the missing secrets) with fresh random values, so a new
 * clone runs without any setup and an existing file keeps its secrets (and so its tokens stay valid).
 * Returns the file's variables. Format: https://developers.cloudflare.com/workers/configuration/secrets/#local-development-with-secrets
 */
export function ensureDevVars(path: string): { vars: Record<string, string>; created: string[] } {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  // Node's own dotenv parser (the format wrangler reads).
  const vars = parseEnv(text) as Record<string, string>;
  const created = REQUIRED_DEV_SECRETS.filter((name) => !vars[name]);
  if (created.length > 0) {
    const lines = created.map((name) => `${name}="${(vars[name] = randomSecret())}"`);
    const header = text
      ? text.endsWith('\n')
        ? ''
        : '\n'
      : '# Local secrets for `wrangler dev` (created by `npm run dev`; never commit).\n';
    writeFileSync(path, `${text}${header}${lines.join('\n')}\n`, { mode: 0o600 });
  }
  return { vars, created: [...created] };
}

/**
 * The realtime Worker's `.dev.vars` (wrangler reads one beside each configuration): the
 * `CURSOR_SECRET` it opens tickets with must be the API Worker's, so it is copied from there on every
 * `npm run dev`.
 */
export function syncRealtimeDevVars(path: string, vars: Record<string, string>): void {
  writeFileSync(
    path,
    `# Written by \`npm run dev\` from the root .dev.vars; never commit.\nCURSOR_SECRET="${vars.CURSOR_SECRET}"\n`,
    {
      mode: 0o600,
    },
  );
}

function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
