import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export interface BuiltBundle {
  target: string;
  /** Absolute path of the bundle. */
  file: string;
  bytes: number;
  gzipBytes: number;
  /** esbuild metafile input paths (relative to the repository root). */
  inputs: string[];
}

/**
 * Runs the project's build (`scripts/build.mjs <targets> --outdir <dir>`) once and reads its size
 * report and metafiles, so budgets are checked on exactly what `npm run build` ships.
 */
export async function buildBundles(
  targets: readonly string[],
  dir: string,
  /** Extra build environment (the `EDGE_*` configuration a lambda-edge bundle is built with). */
  env: Record<string, string> = {},
): Promise<Map<string, BuiltBundle>> {
  await run(process.execPath, ['scripts/build.mjs', ...targets, '--outdir', dir], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, ...env },
  });
  const report = JSON.parse(await readFile(join(dir, 'size-report.json'), 'utf8')) as Array<{
    target: string;
    file: string;
    bytes: number;
    gzipBytes: number;
  }>;
  const bundles = new Map<string, BuiltBundle>();
  for (const row of report) {
    const meta = JSON.parse(await readFile(join(dir, row.target, 'meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
    };
    bundles.set(row.target, { ...row, file: resolve(root, row.file), inputs: Object.keys(meta.inputs) });
  }
  return bundles;
}
