import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { createNodeDeps } from '../../adapters/node/deps.js';
import { realtimeUpgrades, withNodeRealtime } from '../../adapters/node/realtime.js';
import { startServer } from '../../adapters/node/server.js';
import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { bundleWorker, compatibilityDate } from '../adapters/cloudflare/bundle.js';
import { connect } from '../support/realtime-client.js';
import type { BenchTable } from './report.js';

/** The title of the table the realtime benchmark writes (`npm run bench`, `npm run bench:realtime`). */
export const REALTIME_TABLE = 'Real-time events: post → receive';

const SECRET = 'bench-realtime-secret-0123456789abcdef';
const count = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const LATENCY_POSTS = count('BENCH_REALTIME_POSTS', 200);
const BURST_POSTS = count('BENCH_REALTIME_BURST', 400);
const IN_FLIGHT = 8;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/**
 * Against one origin: B listens, A posts. Latency: one post at a time, from sending the POST to B's
 * socket receiving its `message.created` (what a chat user waits for). Rate: `BURST_POSTS` posts
 * with `IN_FLIGHT` at once into one conversation, events received by B per second.
 */
async function measure(origin: string): Promise<{ p50: number; p99: number; perSecond: number }> {
  const token = (sub: string) => signDevToken({ sub, secret: SECRET });
  const [a, b] = [`bench-a-${Date.now()}`, `bench-b-${Date.now()}`];
  const [tokenA, tokenB] = await Promise.all([token(a), token(b)]);
  const post = (path: string, auth: string, body?: unknown, method = 'POST') =>
    fetch(`${origin}${path}`, {
      method,
      headers: { authorization: `Bearer ${auth}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then((response) => response.json() as Promise<{ id: string; url: string }>);
  const listener = await connect((await post('/v1/realtime/tickets', tokenB)).url);
  // A participant must have a profile.
  await post('/v1/users/me', tokenB, { handle: b.replaceAll('-', '_'), displayName: 'B' }, 'PUT');
  const { id } = await post('/v1/conversations', tokenA, { participantIds: [b] });
  const path = `/v1/conversations/${id}/messages`;
  const latencies: number[] = [];
  for (let i = 0; i < LATENCY_POSTS; i++) {
    const started = performance.now();
    const message = await post(path, tokenA, { body: `m${i}` });
    await listener.next((frame) => frame.type === 'message.created' && frame.id === message.id, 10_000);
    latencies.push(performance.now() - started);
  }
  const before = listener.frames.length;
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (sent < BURST_POSTS) {
        sent += 1;
        await post(path, tokenA, { body: 'burst' });
      }
    }),
  );
  await listener.next(() => listener.frames.length - before >= BURST_POSTS, 30_000);
  const seconds = (performance.now() - started) / 1000;
  await listener.close();
  latencies.sort((x, y) => x - y);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSecond: BURST_POSTS / seconds };
}

async function nodeOrigin() {
  const env = { AUTH_MODE: 'hs256', AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: SECRET, STORAGE_BACKEND: 'memory' };
  const { deps, hub } = withNodeRealtime(createNodeDeps(env, 'node', () => {}));
  const realtime = realtimeUpgrades(hub, () => {});
  const server = await startServer({ fetch: createApp(deps).fetch, port: 0, upgrade: realtime.upgrade });
  return {
    origin: server.url,
    stop: async () => {
      realtime.close();
      await server.close();
    },
  };
}

async function workerdOrigin() {
  const realtimeScript = await build({
    entryPoints: [fileURLToPath(new URL('../../adapters/cloudflare/realtime.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: true,
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*'],
    logLevel: 'silent',
  });
  const base = { modules: true, compatibilityDate: await compatibilityDate() };
  const objects = (names: Record<string, string>) =>
    Object.fromEntries(Object.entries(names).map(([binding, className]) => [binding, { className, useSQLite: true }]));
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    handleRuntimeStdio: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => {
      stdout.resume();
      stderr.resume();
    },
    workers: [
      {
        ...base,
        name: 'parley',
        script: await bundleWorker(),
        durableObjects: {
          ...objects({
            PARLEY_CONVERSATIONS: 'ConversationObject',
            PARLEY_USERS: 'UserObject',
            PARLEY_HANDLES: 'HandleObject',
            PARLEY_IDEMPOTENCY: 'IdempotencyObject',
          }),
          PARLEY_SOCKETS: { className: 'SocketObject', scriptName: 'parley-realtime', useSQLite: true },
        },
        serviceBindings: { PARLEY_REALTIME: 'parley-realtime' },
        bindings: {
          PARLEY_STAGE: 'bench',
          STORAGE_BACKEND: 'durable-object',
          AUTH_MODE: 'hs256',
          AUTH_HS256_SECRET: SECRET,
          CURSOR_SECRET: SECRET,
        },
      },
      {
        ...base,
        name: 'parley-realtime',
        script: realtimeScript.outputFiles[0]?.text ?? '',
        durableObjects: {
          PARLEY_SOCKETS: { className: 'SocketObject', useSQLite: true },
          PARLEY_CONVERSATIONS: { className: 'ConversationObject', scriptName: 'parley', useSQLite: true },
        },
        bindings: { CURSOR_SECRET: SECRET },
      },
    ],
  });
  const url = await mf.ready;
  return { origin: url.origin, stop: () => mf.dispose() };
}

export async function realtimeTable(): Promise<BenchTable> {
  const rows: string[][] = [];
  for (const [target, start] of [
    ['Node (memory, in-process hub, ws)', nodeOrigin],
    ['workerd (Durable Objects → realtime Worker)', workerdOrigin],
  ] as const) {
    const { origin, stop } = await start();
    try {
      const { p50, p99, perSecond } = await measure(origin);
      rows.push([target, `${p50.toFixed(1)} ms`, `${p99.toFixed(1)} ms`, `${Math.round(perSecond)}/s`]);
    } finally {
      await stop();
    }
  }
  return {
    title: REALTIME_TABLE,
    note: [
      `Generated by test/bench/realtime.ts, ${new Date().toISOString()}, Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' / ')} (shared machine: absolute figures are noisy).`,
      `Latency: ${LATENCY_POSTS} posts one at a time, from sending POST …/messages to the other participant's socket receiving message.created (the POST's own time included: on Workers the conversation object delivers to the user's socket object before it answers). Rate: ${BURST_POSTS} posts, ${IN_FLIGHT} in flight, into one conversation; events received per second by one listener.`,
      'Loopback only: no network between client and server. Cost per million delivered events: docs/realtime.md.',
    ].join(' '),
    columns: ['target', 'p50', 'p99', 'events/s per conversation'],
    rows,
  };
}
