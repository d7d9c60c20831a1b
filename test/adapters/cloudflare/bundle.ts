import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = new URL('../../../', import.meta.url);

/**
 * Bundle `adapters/cloudflare/worker.ts` the way wrangler does (ESM, browser platform, the
 * `workerd`/`worker`/`browser` export conditions, no Node polyfills), so the tests load the same
 * code `wrangler deploy` would upload — and prove it needs no `nodejs_compat`.
 */
export async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('adapters/cloudflare/worker.ts', root))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    conditions: ['workerd', 'worker', 'browser'],
    // The runtime's own modules (`cloudflare:workers`: the Durable Object base class), as wrangler leaves them.
    external: ['cloudflare:*'],
    target: 'es2022',
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no Worker bundle');
  return output.text;
}

/** `compatibility_date` from wrangler.toml, so the tests run the runtime behaviour that is deployed. */
export async function compatibilityDate(): Promise<string> {
  const toml = await readFile(new URL('wrangler.toml', root), 'utf8');
  const date = /^compatibility_date\s*=\s*"(\d{4}-\d{2}-\d{2})"/m.exec(toml)?.[1];
  if (!date) throw new Error('wrangler.toml has no compatibility_date');
  return date;
}
