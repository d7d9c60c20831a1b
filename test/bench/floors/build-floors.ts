import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));

export interface Floors {
  /** Bare Hono bundle (module-init floor), ESM for Node. */
  hono: string;
  /** Bare `node:http` server (process-start and Node throughput floor). */
  http: string;
  /** Bare Worker (workerd throughput floor). */
  worker: string;
  /** Bare @hono/node-server app (process start, reported beside the floor). */
  honoNode: string;
}

/** Bundles the floors into `outdir` with the same esbuild settings as the targets they stand beside. */
export async function buildFloors(outdir: string): Promise<Floors> {
  const common = { bundle: true, format: 'esm', minify: true, logLevel: 'warning' } as const;
  const floors: Floors = {
    hono: join(outdir, 'bare-hono.mjs'),
    http: join(outdir, 'bare-http.mjs'),
    worker: join(outdir, 'bare-worker.js'),
    honoNode: join(outdir, 'bare-hono-node.mjs'),
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(here, 'bare-hono.ts')],
      outfile: floors.hono,
      platform: 'node',
      target: 'node22',
    }),
    build({
      ...common,
      entryPoints: [join(here, 'bare-http.ts')],
      outfile: floors.http,
      platform: 'node',
      target: 'node20',
    }),
    build({
      ...common,
      entryPoints: [join(here, 'bare-hono-node.ts')],
      outfile: floors.honoNode,
      platform: 'node',
      target: 'node20',
    }),
    build({
      ...common,
      entryPoints: [join(here, 'bare-worker.ts')],
      outfile: floors.worker,
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      target: 'es2022',
    }),
  ]);
  return floors;
}
