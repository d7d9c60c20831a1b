import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { THROUGHPUT_MIN_RATIO } from '../../budgets/budgets.js';
import { NODE_SERVER_ENV } from '../process-start.js';
import { freePort, startNodeServer, stopProcess } from '../processes.js';
import type { BenchRow } from '../report.js';
import { seedMessageList, type SeededList } from '../seed.js';
import { progressLine } from '../stats.js';
import { requestsPerSecond, type Target, type ThroughputOptions } from '../throughput.js';
import type { PeerBundles } from './build-peers.js';
import { fastestPeer, needsMoreRounds, peerRows, type Samples } from './ratio-rows.js';
import { PEER_SECRET } from './store.js';

const NAMES = {
  'hono-node': 'bare @hono/node-server (Hono + hono/jwt + zod)',
  fastify: 'Fastify (+ @fastify/jwt, JSON schemas, serializer)',
  'raw-http': 'raw node:http (+ jose)',
};

/**
 * Node HTTP, each server its own process and the load generator another: Parley's built server
 * (memory storage, one access line per request to stdout) against bare @hono/node-server, Fastify
 * and raw node:http, on `/health` and on the authenticated list of 25 messages. Rounds interleave
 * every server and both paths; where a held ratio's IQR straddles its budget, rounds are added (up
 * to `maxRounds`).
 */
export async function nodeHttpPeerRows(
  parleyServer: string,
  servers: PeerBundles['servers'],
  options: ThroughputOptions & { maxRounds: number },
): Promise<BenchRow[]> {
  const seedDir = await mkdtemp(join(tmpdir(), 'parley-peer-seed-'));
  const running: ChildProcess[] = [];
  try {
    const health: Record<string, Target> = {};
    const list: Record<string, Target> = {};
    const parleyPort = await freePort();
    running.push(await startNodeServer(parleyServer, parleyPort, NODE_SERVER_ENV));
    health.parley = { url: `http://127.0.0.1:${parleyPort}/health` };
    list.parley = await seedMessageList(`http://127.0.0.1:${parleyPort}`, NODE_SERVER_ENV.AUTH_HS256_SECRET);
    for (const [name, file] of Object.entries(servers)) {
      const port = await freePort();
      const seedOut = join(seedDir, `${name}.json`);
      running.push(await startNodeServer(file, port, { SEED_OUT: seedOut }));
      const seeded = JSON.parse(await readFile(seedOut, 'utf8')) as SeededList;
      const token = await signDevToken({ sub: seeded.caller, secret: PEER_SECRET, ttlSeconds: 7200 });
      health[name] = { url: `http://127.0.0.1:${port}/health` };
      list[name] = { url: `http://127.0.0.1:${port}${seeded.path}`, headers: { authorization: `Bearer ${token}` } };
    }
    const variants = Object.keys(health);
    for (const variant of variants) {
      await requestsPerSecond(health[variant]!, { ...options, seconds: 1 });
      await requestsPerSecond(list[variant]!, { ...options, seconds: 1 });
    }
    const samples = { health: {} as Samples, list: {} as Samples };
    const progress = progressLine('Node HTTP peers');
    let rounds = 0;
    const more = () =>
      rounds < options.rounds ||
      (rounds < options.maxRounds &&
        (needsMoreRounds(samples.health, { 'hono-node': THROUGHPUT_MIN_RATIO }) ||
          needsMoreRounds(samples.list, { [fastestPeer(samples.list)]: 1 })));
    while (more()) {
      for (const [path, targets] of [
        ['health', health],
        ['list', list],
      ] as const) {
        for (const variant of variants) {
          (samples[path][variant] ??= []).push(await requestsPerSecond(targets[variant]!, options));
        }
      }
      rounds++;
      progress(rounds, Math.max(rounds, options.rounds));
    }
    const common = { unit: 'req/s', names: NAMES };
    return [
      ...peerRows(samples.health, {
        ...common,
        measure: 'Node HTTP throughput',
        subject: 'GET /health',
        budgets: { 'hono-node': THROUGHPUT_MIN_RATIO },
      }),
      ...peerRows(samples.list, {
        ...common,
        measure: 'Node HTTP throughput',
        subject: 'GET messages?limit=25 (auth, one token)',
        fastestPeer: true,
      }),
    ];
  } finally {
    await Promise.all(running.map((child) => stopProcess(child)));
    await rm(seedDir, { recursive: true, force: true });
  }
}
