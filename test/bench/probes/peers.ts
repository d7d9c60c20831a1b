// In-process peers probe (run in its own process with tsx): Parley's `app.fetch` against the peer apps
// (test/bench/peers/) on the same repository instance, for the authenticated message list and a message
// post, each with one repeated token and with distinct tokens used in turn. Batches are interleaved
// (round r: every scenario, every variant); prints ops/s per batch as JSON.
// Env: ONLY, SCENARIOS (below), BACKEND memory | dynamodb (DYNAMODB_ENDPOINT, DYNAMODB_TABLE), ROUNDS, BATCH, TOKENS.
import { nodePlatform } from '../../../adapters/node/deps.js';
import { createApp } from '../../../src/app.js';
import { parseConfig } from '../../../src/config.js';
import { createAws4fetchTransport, createDynamoRepository } from '../../../src/repository/dynamodb/index.js';
import { createMemoryRepository } from '../../../src/repository/memory/index.js';
import type { Repository } from '../../../src/repository/port.js';
import { createChanfanaApp } from '../peers/chanfana.js';
import { createHonoZodApp } from '../peers/hono-zod.js';
import { messageStore, PEER_SECRET } from '../peers/store.js';
import { createZodOpenApiApp } from '../peers/zod-openapi.js';
import { distinctTokens, seedThrough } from '../seed.js';

const BATCH = Number(process.env.BATCH ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 9);
const TOKENS = Number(process.env.TOKENS ?? 1024);

function repositoryFromEnv(): Repository {
  if (process.env.BACKEND !== 'dynamodb') return createMemoryRepository();
  const transport = createAws4fetchTransport({
    region: 'us-east-1',
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    accessKeyId: 'local',
    secretAccessKey: 'local',
  });
  return createDynamoRepository({ transport, tableName: process.env.DYNAMODB_TABLE! });
}

const repository = repositoryFromEnv();
// Parley's access-log line is serialized as in production and dropped; the peers log nothing.
let lastLine = '';
const parley = createApp({
  config: parseConfig(
    { AUTH_MODE: 'hs256', AUTH_HS256_SECRET: PEER_SECRET, CURSOR_SECRET: PEER_SECRET },
    nodePlatform('node'),
  ),
  repository,
  log: (entry) => void (lastLine = JSON.stringify(entry)),
});
const store = messageStore(repository);
type Fetch = (request: Request) => Response | Promise<Response>;
const allVariants: Record<string, Fetch> = {
  parley: (request) => parley.fetch(request),
  'hono-zod': createHonoZodApp(store).fetch,
  'zod-openapi': createZodOpenApiApp(store).fetch,
  chanfana: createChanfanaApp(store).fetch,
};
// ONLY=parley,hono-zod and SCENARIOS=list (a prefix) narrow the run, e.g. under `node --cpu-prof`.
const only = process.env.ONLY?.split(',');
const variants = Object.fromEntries(Object.entries(allVariants).filter(([name]) => !only || only.includes(name)));

const seeded = await seedThrough(async (request) => parley.fetch(request), PEER_SECRET);
const tokens = await distinctTokens(seeded.caller, PEER_SECRET, TOKENS);
const url = `http://bench.local${seeded.path}`;
// Posts go to a conversation of their own, so the page the list scenarios read stays the seeded 25
// (a growing timeline would make the list measure the store, not the framework).
const created = await parley.fetch(
  new Request('http://bench.local/v1/conversations', {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'posts', participantIds: [] }),
  }),
);
if (created.status !== 201)
  throw new Error(`create the posts' conversation: ${created.status} ${await created.text()}`);
const postsTo = (await created.json()) as { id: string };
const postUrl = `http://bench.local/v1/conversations/${postsTo.id}/messages`;
let turn = 0;
const tokenFor = (distinct: boolean) => (distinct ? tokens[turn++ % tokens.length]! : tokens[0]!);
const scenarios = {
  'list, one token': () => new Request(`${url}?limit=25`, { headers: { authorization: `Bearer ${tokenFor(false)}` } }),
  'list, distinct tokens': () =>
    new Request(`${url}?limit=25`, { headers: { authorization: `Bearer ${tokenFor(true)}` } }),
  'post, one token': () => post(tokenFor(false)),
  'post, distinct tokens': () => post(tokenFor(true)),
};
function post(token: string): Request {
  return new Request(postUrl, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"body":"a message of about the usual length, posted by the benchmark"}',
  });
}
type Scenario = keyof typeof scenarios;
const chosen = (Object.keys(scenarios) as Scenario[]).filter((name) => name.startsWith(process.env.SCENARIOS ?? ''));

async function batch(handler: Fetch, scenario: Scenario, size: number): Promise<number> {
  const make = scenarios[scenario];
  const started = performance.now();
  for (let i = 0; i < size; i++) {
    const response = await handler(make());
    if (response.status >= 300) throw new Error(`${scenario}: status ${response.status} ${await response.text()}`);
    await response.text();
  }
  return (size / (performance.now() - started)) * 1000;
}

// Same answer from every variant (a full page), then one uncounted batch of each scenario (JIT).
for (const [name, handler] of Object.entries(variants)) {
  const page = (await (await handler(scenarios['list, one token']())).json()) as { items?: unknown[] };
  if (page.items?.length !== 25) throw new Error(`${name}: a page of ${page.items?.length} items, not 25`);
  for (const scenario of chosen) await batch(handler, scenario, BATCH);
}
const samples: Record<string, Record<string, number[]>> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const scenario of chosen) {
    for (const [name, handler] of Object.entries(variants)) {
      ((samples[scenario] ??= {})[name] ??= []).push(await batch(handler, scenario, BATCH));
    }
  }
  process.stderr.write(`  peers in process (${process.env.BACKEND ?? 'memory'}): round ${round + 1}/${ROUNDS}\n`);
}
process.stdout.write(JSON.stringify({ samples, logged: lastLine.length > 0 }));
