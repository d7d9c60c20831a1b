import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DURABLE_OBJECT_BINDINGS } from './workers.js';

/**
 * wrangler.toml repeats its bindings in every environment (wrangler does not inherit them into
 * `[env.*]`): each of the four Durable Object bindings, the migration that creates their SQLite
 * classes, and `STORAGE_BACKEND = "durable-object"` must be in the top level (`npm run dev`) and in
 * dev, staging and production. (`wrangler deploy --dry-run --env <env>` lists the same bindings.)
 */
const toml = readFileSync(new URL('../../../wrangler.toml', import.meta.url), 'utf8');

/** The text of one environment: the top level (before the first `[env.`), or `[env.<name>…]` tables. */
function section(env: string | null): string {
  const tables = toml.split(/^(?=\[)/m);
  return tables
    .filter((table) => {
      const header = /^\[\[?([^\]]+)\]/.exec(table)?.[1] ?? '';
      return env === null ? !header.startsWith('env.') : header === `env.${env}` || header.startsWith(`env.${env}.`);
    })
    .join('');
}

describe('wrangler.toml', () => {
  it.each([null, 'dev', 'staging', 'production'])(
    '%s: binds every Durable Object class, creates it SQLite-backed, uses it by default',
    (env) => {
      const text = section(env);
      const prefix = env ? `env.${env}.` : '';
      for (const [name, { className }] of Object.entries(DURABLE_OBJECT_BINDINGS)) {
        expect(text).toContain(`[[${prefix}durable_objects.bindings]]\nname = "${name}"\nclass_name = "${className}"`);
      }
      const migration = new RegExp(
        `\\[\\[${prefix.replaceAll('.', '\\.')}migrations\\]\\]\\ntag = "[^"]+"\\nnew_sqlite_classes = \\[([^\\]]*)\\]`,
      );
      const classes = migration
        .exec(text)?.[1]
        ?.split(',')
        .map((c) => c.trim().replaceAll('"', ''));
      expect(classes?.sort()).toEqual(
        Object.values(DURABLE_OBJECT_BINDINGS)
          .map((b) => b.className)
          .sort(),
      );
      expect(text).toMatch(/^STORAGE_BACKEND = "durable-object"$/m);
    },
  );
});
