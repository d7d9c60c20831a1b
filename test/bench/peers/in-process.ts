import { fileURLToPath } from 'node:url';
import { nodeJson } from '../processes.js';
import type { BenchRow } from '../report.js';
import { fastestPeer as fastest, needsMoreRounds, peerRows } from './ratio-rows.js';

const probe = fileURLToPath(new URL('../probes/peers.ts', import.meta.url));

export const IN_PROCESS_PEERS = {
  'hono-zod': 'Hono + hono/jwt + @hono/zod-validator',
  'zod-openapi': '@hono/zod-openapi + hono/jwt',
  chanfana: 'chanfana (Hono) + hono/jwt',
};

/** Every peer bundle module init reports, by entry (test/bench/peers/entries/). */
export const INIT_PEERS: Record<string, string> = {
  ...IN_PROCESS_PEERS,
  fastify: 'Fastify + @fastify/jwt + JSON schemas (ready, not listening)',
  'hono-lambda': 'hono/aws-lambda handle() of the Hono + zod app',
};

export type PeerBackend = { name: 'memory' } | { name: 'dynamodb'; endpoint: string; table: string };

/**
 * In process, on one repository shared by every variant (memory, or DynamoDB Local over aws4fetch):
 * Parley's `app.fetch` against the peers for the authenticated list of 25 messages and a message
 * post, with one repeated token and with 1,024 distinct ones. Interleaved batches in one probe
 * process; when the fastest peer's ratio is still undecided (its IQR straddles 1.0), the probe runs
 * once more and the rounds are pooled.
 */
export async function inProcessPeerRows(
  backend: PeerBackend,
  options: { rounds: number; batch: number; maxRuns: number },
): Promise<BenchRow[]> {
  const env = {
    ROUNDS: String(options.rounds),
    BATCH: String(options.batch),
    BACKEND: backend.name,
    ...(backend.name === 'dynamodb' ? { DYNAMODB_ENDPOINT: backend.endpoint, DYNAMODB_TABLE: backend.table } : {}),
  };
  const run = async () =>
    (await nodeJson<{ samples: Record<string, Record<string, number[]>> }>(['--import', 'tsx', probe], env)).samples;
  const samples = await run();
  for (let runs = 1; runs < options.maxRuns; runs++) {
    const open = Object.values(samples).some((scenario) => needsMoreRounds(scenario, { [fastest(scenario)]: 1 }));
    if (!open) break;
    const more = await run();
    for (const [scenario, variants] of Object.entries(more)) {
      for (const [variant, values] of Object.entries(variants)) samples[scenario]![variant]!.push(...values);
    }
  }
  return Object.entries(samples).flatMap(([scenario, variants]) =>
    peerRows(variants, {
      measure: `in-process peers (${backend.name === 'memory' ? 'memory' : 'DynamoDB Local'})`,
      subject: scenario.startsWith('list')
        ? `GET messages?limit=25, ${scenario.slice(6)}`
        : `POST message, ${scenario.slice(6)}`,
      unit: 'ops/s',
      names: IN_PROCESS_PEERS,
      fastestPeer: true,
    }),
  );
}
