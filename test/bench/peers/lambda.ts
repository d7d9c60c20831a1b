import { fileURLToPath } from 'node:url';
import { nodeResultFile } from '../processes.js';
import type { BenchRow } from '../report.js';
import { peerRows, type Samples } from './ratio-rows.js';
import { PEER_SECRET } from './store.js';

const probe = fileURLToPath(new URL('../probes/lambda-peers.mjs', import.meta.url));

/**
 * Lambda per request: Parley's handler (the bundle as built, with the template's NODE_OPTIONS and the
 * configuration a deployed function has, DynamoDB untouched by `/health`) against `handle()` from
 * hono/aws-lambda on the same HTTP API v2 event, with and without an access line per request.
 */
export async function lambdaPeerRows(
  parleyHandler: string,
  peerHandler: string,
  options: { rounds: number; batch: number; nodeOptions: string; transport: string },
): Promise<BenchRow[]> {
  process.stderr.write('  Lambda peers: running\n');
  const samples = await nodeResultFile<Samples>([probe, parleyHandler, peerHandler], {
    ROUNDS: String(options.rounds),
    BATCH: String(options.batch),
    ...(options.nodeOptions ? { NODE_OPTIONS: options.nodeOptions } : {}),
    PARLEY_STAGE: 'bench',
    AUTH_MODE: 'hs256',
    AUTH_HS256_SECRET: PEER_SECRET,
    CURSOR_SECRET: PEER_SECRET,
    DYNAMODB_TABLE: 'parley-bench',
    DYNAMODB_TRANSPORT: options.transport,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  return peerRows(samples, {
    measure: 'Lambda per request',
    subject: `GET /health, HTTP API v2 event${options.nodeOptions ? ` (NODE_OPTIONS=${options.nodeOptions})` : ''}`,
    unit: 'ops/s',
    names: {
      hono: 'hono/aws-lambda handle(), no log line',
      'hono + access line': 'hono/aws-lambda + one stdout line per request',
    },
    budgets: { 'hono + access line': 1 },
  });
}
