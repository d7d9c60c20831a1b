// In-process dispatch probe (run in its own process with tsx): `app.fetch` of `GET /health` through
// Parley's whole middleware stack against a bare fetch handler that returns the same JSON, in
// interleaved batches. Prints ops/s per batch as JSON.
import { createApp } from '../../../src/app.js';
import { nodePlatform } from '../../../adapters/node/deps.js';
import { parseConfig } from '../../../src/config.js';
import { createMemoryRepository } from '../../../src/repository/memory/index.js';

const BATCH = Number(process.env.BATCH ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const secret = 'bench-secret-bench-secret-bench-secret';

// The access log is serialized as in production, then dropped instead of written to stdout.
let lastLine = '';
const app = createApp({
  config: parseConfig({ AUTH_MODE: 'hs256', AUTH_HS256_SECRET: secret, CURSOR_SECRET: secret }, nodePlatform('node')),
  repository: createMemoryRepository(),
  log: (entry) => void (lastLine = JSON.stringify(entry)),
});
const health = await (await app.fetch(new Request('http://bench.local/health'))).json();
const bare = (_request: Request): Response => Response.json(health);

type Handler = (request: Request) => Response | Promise<Response>;
const handlers: Record<'parley' | 'bare', Handler> = { parley: (request) => app.fetch(request), bare };

async function batch(handler: Handler): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < BATCH; i++) {
    const response = await handler(new Request('http://bench.local/health'));
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    await response.text();
  }
  return (BATCH / (performance.now() - started)) * 1000;
}

for (const handler of Object.values(handlers)) await batch(handler); // warm-up (JIT)
const samples = { parley: [] as number[], bare: [] as number[] };
for (let round = 0; round < ROUNDS; round++) {
  samples.parley.push(await batch(handlers.parley));
  samples.bare.push(await batch(handlers.bare));
}
process.stdout.write(JSON.stringify({ ...samples, logged: lastLine.length > 0 }));
