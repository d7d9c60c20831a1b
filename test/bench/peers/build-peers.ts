import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { NODE_ESM_BANNER } from '../../../scripts/build/targets.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Module-init entries of the in-process peers (each builds its app at import). */
export const PEER_INIT_ENTRIES = ['hono-zod', 'zod-openapi', 'chanfana', 'fastify', 'hono-lambda'] as const;
/** Node HTTP peer servers (test/bench/peers/servers/). */
export const PEER_SERVERS = ['hono-node', 'fastify', 'raw-http'] as const;

export interface PeerBundles {
  init: Record<(typeof PEER_INIT_ENTRIES)[number], string>;
  servers: Record<(typeof PEER_SERVERS)[number], string>;
  /** hono/aws-lambda peer (`handler`, `loggedHandler`). */
  lambda: string;
}

/**
 * Bundles every peer with the settings of the targets and floors beside them (esbuild, ESM, minified,
 * Node), so module init and throughput compare like with like.
 */
export async function buildPeers(outdir: string): Promise<PeerBundles> {
  const common = {
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'node',
    target: 'node22',
    banner: { js: NODE_ESM_BANNER },
    logLevel: 'warning',
  } as const;
  const out = (name: string) => join(outdir, `${name}.mjs`);
  const jobs: Array<[string, string]> = [
    ...PEER_INIT_ENTRIES.map((name): [string, string] => [join(here, 'entries', `${name}.ts`), out(`init-${name}`)]),
    ...PEER_SERVERS.map((name): [string, string] => [join(here, 'servers', `${name}.ts`), out(`server-${name}`)]),
  ];
  await Promise.all(jobs.map(([entry, outfile]) => build({ ...common, entryPoints: [entry], outfile })));
  return {
    init: Object.fromEntries(PEER_INIT_ENTRIES.map((name) => [name, out(`init-${name}`)])) as PeerBundles['init'],
    servers: Object.fromEntries(PEER_SERVERS.map((name) => [name, out(`server-${name}`)])) as PeerBundles['servers'],
    lambda: out('init-hono-lambda'),
  };
}
