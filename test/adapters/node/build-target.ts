import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const run = promisify(execFile);

export interface BuiltTarget {
  /** `<outdir>/<target>`, holding the bundle. */
  dir: string;
  /** This target's row of the build's size report. */
  size: { target: string; bytes: number; gzipBytes: number; file: string };
  /** esbuild's metafile: which inputs went into the bundle. */
  meta: { inputs: Record<string, unknown> };
}

/**
 * Runs the real build (`scripts/build.mjs <target>`) into a fresh temporary folder, with `env` as the
 * build environment (e.g. the EDGE_* configuration), so tests exercise exactly what gets deployed.
 */
export async function buildTarget(target: string, env: Record<string, string> = {}): Promise<BuiltTarget> {
  const outdir = await mkdtemp(join(tmpdir(), `parley-build-${target}-`));
  await run(process.execPath, ['scripts/build.mjs', target, '--outdir', outdir], {
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  const report = JSON.parse(await readFile(join(outdir, 'size-report.json'), 'utf8')) as BuiltTarget['size'][];
  const size = report.find((row) => row.target === target);
  if (!size) throw new Error(`no size report row for ${target}`);
  const dir = join(outdir, target);
  const meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as BuiltTarget['meta'];
  return { dir, size, meta };
}
