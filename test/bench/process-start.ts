import { spawn } from 'node:child_process';
import { PROCESS_START_BUDGET_MS } from '../budgets/budgets.js';
import { freePort, stopProcess, untilOk } from './processes.js';
import type { BenchRow } from './report.js';
import { interleaved, median, progressLine, ratioSpread, round } from './stats.js';

/** The Node server's environment for the benchmarks: memory storage, HS256 tokens. */
export const NODE_SERVER_ENV = {
  PARLEY_STORAGE: 'memory',
  AUTH_MODE: 'hs256',
  AUTH_HS256_SECRET: 'bench-secret-bench-secret-bench-secret',
  CURSOR_SECRET: 'bench-secret-bench-secret-bench-secret',
};

/** Spawn → first 200 on `/health`, in ms, for one fresh process. */
async function timeToFirstOk(file: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: 'ignore',
  });
  try {
    await untilOk(port, '/health', child);
    return performance.now() - started;
  } finally {
    await stopProcess(child);
  }
}

/**
 * Process start to first response: the built Node server against a bare `node:http` server (the
 * budget's floor) and a bare @hono/node-server app (reported: what any Fetch-based server on Node
 * pays, Node's own undici loaded for Request/Response among it), interleaved.
 */
export async function processStartRows(
  server: string,
  floors: { http: string; honoNode: string },
  rounds: number,
): Promise<BenchRow[]> {
  const files = { parley: server, floor: floors.http, honoNode: floors.honoNode };
  const samples = await interleaved(
    ['parley', 'floor', 'honoNode'] as const,
    rounds,
    (variant) => timeToFirstOk(files[variant], variant === 'parley' ? NODE_SERVER_ENV : {}),
    progressLine('process start'),
  );
  const delta = median(samples.parley.map((ms, i) => ms - samples.floor[i]!));
  const honoDelta = median(samples.honoNode.map((ms, i) => ms - samples.floor[i]!));
  const parleyMs = median(samples.parley);
  const floorMs = median(samples.floor);
  const honoMs = median(samples.honoNode);
  const spread = ratioSpread(samples.parley.map((ms, i) => ms - samples.floor[i]!));
  return [
    {
      measure: 'process start → first 200',
      subject: 'node (dist/node/server.js)',
      figure: `${round(parleyMs, 1)} ms (+${round(delta, 1)} ms; IQR of differences ${round(spread.q1, 1)} to ${round(spread.q3, 1)} ms)`,
      floor: `bare node:http ${round(floorMs, 1)} ms`,
      budget: `≤ +${PROCESS_START_BUDGET_MS} ms`,
      met: delta <= PROCESS_START_BUDGET_MS,
      data: { rounds, parleyMs, floorMs, deltaMs: delta },
    },
    {
      measure: 'process start → first 200',
      subject: 'bare @hono/node-server app (one /health route)',
      figure: `${round(honoMs, 1)} ms (+${round(honoDelta, 1)} ms)`,
      floor: `bare node:http ${round(floorMs, 1)} ms`,
      budget: 'reported',
      met: null,
      data: { rounds, honoMs, floorMs, deltaMs: honoDelta },
    },
  ];
}
