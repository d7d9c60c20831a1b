import { readFile } from 'node:fs/promises';
import { Miniflare } from 'miniflare';
import type { BenchRow } from './report.js';
import { seedMessageList } from './seed.js';
import { throughputRows, type ThroughputOptions } from './throughput.js';

const SECRET = 'bench-secret-bench-secret-bench-secret';

/** `compatibility_date` from wrangler.toml, so the Worker runs with the deployed runtime behaviour. */
async function compatibilityDate(): Promise<string> {
  const toml = await readFile(new URL('../../wrangler.toml', import.meta.url), 'utf8');
  const date = /^compatibility_date\s*=\s*"([\d-]+)"/m.exec(toml)?.[1];
  if (!date) throw new Error('wrangler.toml has no compatibility_date');
  return date;
}

/**
 * workerd throughput: the built Worker (`dist/cloudflare/worker.js`, Workers KV simulated by
 * Miniflare) against a bare Worker, each in its own Miniflare (its own workerd process), same run.
 * The Worker's access log goes to workerd's stdout, which is drained, as a deployed Worker's would be.
 */
export async function workerdThroughputRows(
  worker: string,
  floor: string,
  options: ThroughputOptions,
): Promise<BenchRow[]> {
  const drain = (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => {
    stdout.resume();
    stderr.resume();
  };
  const compatibility = await compatibilityDate();
  const base = {
    modules: true,
    compatibilityDate: compatibility,
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio: drain,
  };
  const parley = new Miniflare({
    ...base,
    script: await readFile(worker, 'utf8'),
    kvNamespaces: ['PARLEY_KV'],
    bindings: {
      PARLEY_STAGE: 'bench',
      STORAGE_BACKEND: 'kv',
      AUTH_MODE: 'hs256',
      AUTH_HS256_SECRET: SECRET,
      CURSOR_SECRET: SECRET,
    },
  });
  // `script`, not `scriptPath`: workerd refuses module paths outside its working directory (the build is in a temp dir).
  const bare = new Miniflare({ ...base, script: await readFile(floor, 'utf8') });
  try {
    const [parleyUrl, bareUrl] = await Promise.all([parley.ready, bare.ready]);
    const origin = parleyUrl.origin;
    const messages = await seedMessageList(origin, SECRET);
    return await throughputRows(
      'workerd',
      { health: { url: `${origin}/health` }, floor: { url: `${bareUrl.origin}/health` }, messages },
      options,
    );
  } finally {
    await Promise.all([parley.dispose(), bare.dispose()]);
  }
}
