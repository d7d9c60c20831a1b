// Telemetry cost probe (run in its own process with tsx): what recording a request costs.
// - `line`: one record → one EMF line (`createEmfTelemetry`), alone, µs per call;
// - `dispatch`: `app.fetch` of `GET /health` with the EMF sink (as Lambda, Greengrass and the Node
//   server run it) against the same app with a sink that drops the record, µs per request, in
//   interleaved batches; the difference is what telemetry adds to a request.
// Prints the per-batch figures as JSON.
import { createApp } from '../../../src/app.js';
import { nodePlatform } from '../../../adapters/node/deps.js';
import { parseConfig } from '../../../src/config.js';
import { createMemoryRepository } from '../../../src/repository/memory/index.js';
import { createEmfTelemetry } from '../../../src/telemetry/emf.js';
import type { RequestRecord } from '../../../src/telemetry/port.js';

const BATCH = Number(process.env.BATCH ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const secret = 'bench-secret-bench-secret-bench-secret';
const config = parseConfig(
  { AUTH_MODE: 'hs256', AUTH_HS256_SECRET: secret, CURSOR_SECRET: secret },
  nodePlatform('node'),
);

let sink = 0;
const emf = createEmfTelemetry({ stage: 'bench', write: (line) => void (sink += line.length) });
const apps = {
  emf: createApp({ config, repository: createMemoryRepository(), log: () => {}, telemetry: emf }),
  none: createApp({ config, repository: createMemoryRepository(), log: () => {}, telemetry: { request: () => {} } }),
};
const record: RequestRecord = {
  requestId: '4e3551be-9d63-427e-b66a-cbd8aacdb597',
  traceId: '1-6b0f7805-f1d7240364528fac766617c5',
  method: 'GET',
  path: '/v1/conversations/01JABCDEFGHJKMNPQRSTVWXYZ0',
  route: 'GET /v1/conversations/{conversationId}',
  status: 200,
  latencyMs: 12.34,
  roundTrips: 1,
  replayed: false,
  coldStart: false,
  unhandledError: false,
};

function lineBatch(): number {
  const started = performance.now();
  for (let i = 0; i < BATCH * 10; i++) emf.request(record);
  return ((performance.now() - started) * 1000) / (BATCH * 10);
}

async function dispatchBatch(app: { fetch: (r: Request) => Response | Promise<Response> }): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < BATCH; i++) await (await app.fetch(new Request('http://bench.local/health'))).text();
  return ((performance.now() - started) * 1000) / BATCH;
}

lineBatch();
await dispatchBatch(apps.emf);
await dispatchBatch(apps.none);
const samples = { line: [] as number[], emf: [] as number[], none: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  samples.line.push(lineBatch());
  // Alternate which goes first, so neither always runs on a warmer machine.
  const order = round % 2 === 0 ? (['emf', 'none'] as const) : (['none', 'emf'] as const);
  for (const name of order) samples[name].push(await dispatchBatch(apps[name]));
}
process.stdout.write(JSON.stringify({ ...samples, written: sink > 0 }));
