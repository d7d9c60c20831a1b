// Lambda per-request probe (plain Node, run with the NODE_OPTIONS the template gives the function):
// `node lambda-peers.mjs <parley handler.mjs> <peer lambda-hono.mjs>` invokes Parley's handler and
// hono/aws-lambda's `handle()` with the same HTTP API v2 event (`GET /health`, `$default` stage) in
// interleaved batches, the peer both without and with one access line per request to stdout (Parley
// writes its EMF line there). Writes ops/s per batch as JSON to $RESULT_FILE (stdout carries the lines).
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const BATCH = Number(process.env.BATCH ?? 2000);
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const [parley, peer] = await Promise.all(process.argv.slice(2, 4).map((file) => import(pathToFileURL(file).href)));
const all = { parley: parley.handler, hono: peer.handler, 'hono + access line': peer.loggedHandler };
// ONLY=parley (comma list) narrows the run, e.g. under `node --cpu-prof`.
const variants = Object.fromEntries(
  Object.entries(all).filter(([name]) => !process.env.ONLY || process.env.ONLY.split(',').includes(name)),
);

let n = 0;
const event = () => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: '/health',
  rawQueryString: '',
  headers: {
    accept: '*/*',
    host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    'user-agent': 'bench',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'abc123',
    domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'abc123',
    http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'bench' },
    requestId: `req-${++n}`,
    routeKey: '$default',
    stage: '$default',
    time: '02/Dec/2026:04:00:00 +0000',
    timeEpoch: 1796184000000,
  },
  isBase64Encoded: false,
});
const context = () => ({ awsRequestId: `aws-${n}`, functionName: 'bench', getRemainingTimeInMillis: () => 10_000 });

async function batch(handler, size) {
  const started = performance.now();
  for (let i = 0; i < size; i++) {
    const result = await handler(event(), context());
    if (result.statusCode !== 200) throw new Error(`status ${result.statusCode}: ${result.body}`);
  }
  return (size / (performance.now() - started)) * 1000;
}

// Warm-up, not counted (JIT): one full batch each.
for (const handler of Object.values(variants)) await batch(handler, BATCH);
const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, handler] of Object.entries(variants)) samples[name].push(await batch(handler, BATCH));
}
writeFileSync(process.env.RESULT_FILE, JSON.stringify(samples));
