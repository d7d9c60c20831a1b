import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { wranglerCli } from '../../scripts/dev/wrangler-dev.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ShippedWorker {
  /** The main module wrangler wrote (absolute path). */
  file: string;
  /** Every module of the upload (source maps and wrangler's README left out). */
  modules: string[];
  bytes: number;
  /** gzip (level 6, wrangler's) of the modules, summed. */
  gzipBytes: number;
  /** esbuild metafile input paths of wrangler's bundle (relative to the repository root). */
  inputs: string[];
  /** What wrangler printed as `Total Upload: … KiB / gzip: … KiB`, in bytes. */
  reported: { bytes: number; gzipBytes: number };
}

/**
 * The API Worker exactly as `wrangler deploy` would upload it: `wrangler deploy --dry-run --outdir`
 * with the repository's wrangler.toml (its `minify`, `keep_names`, rules and aliases, whatever they
 * are when this runs), for one environment. Budgets are checked on this, not on a build of our own.
 */
export async function buildShippedWorker(outdir: string, env = 'production'): Promise<ShippedWorker> {
  const metafile = join(outdir, '..', `${basename(outdir)}-meta.json`);
  const args = [wranglerCli(root), 'deploy', '--dry-run', '--outdir', outdir, '--metafile', metafile, '--env', env];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`wrangler deploy --dry-run exited ${code}:\n${text.slice(-2000)}`)),
    );
  });
  const size = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(output);
  if (!size) throw new Error(`wrangler deploy --dry-run printed no upload size:\n${output.slice(-2000)}`);
  const names = (await readdir(outdir, { recursive: true }))
    .map(String)
    .filter((name) => !name.endsWith('.map') && !name.endsWith('.md'))
    .sort();
  const modules = names.map((name) => join(outdir, name));
  let bytes = 0;
  let gzipBytes = 0;
  for (const module of modules) {
    const code = await readFile(module);
    bytes += code.byteLength;
    gzipBytes += gzipSync(code).byteLength;
  }
  const main = modules.find((module) => module.endsWith('worker.js')) ?? modules[0];
  if (!main) throw new Error(`wrangler wrote no module into ${outdir}`);
  const meta = JSON.parse(await readFile(metafile, 'utf8')) as { inputs: Record<string, unknown> };
  return {
    file: main,
    inputs: Object.keys(meta.inputs),
    modules,
    bytes,
    gzipBytes,
    reported: { bytes: Number(size[1]) * 1024, gzipBytes: Number(size[2]) * 1024 },
  };
}
