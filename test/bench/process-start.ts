import { spawn } from 'node:child_process';
import { PROCESS_START_BUDGET_MS } from '../budgets/budgets.js';
import { freePort, stopProcess, untilOk } from './processes.js';
import type { BenchRow } from './report.js';
import { interleaved, median, progressLine, round } from './stats.js';

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

/** Process start to first response: the built Node server against a bare `node:http` server, interleaved. */
export async function processStartRow(server: string, floor: string, rounds: number): Promise<BenchRow> {
  const files = { parley: server, floor };
  const samples = await interleaved(
    ['parley', 'floor'] as const,
    rounds,
    (variant) => timeToFirstOk(files[variant], variant === 'parley' ? NODE_SERVER_ENV : {}),
    progressLine('process start'),
  );
  const delta = median(samples.parley.map((ms, i) => ms - samples.floor[i]!));
  const parleyMs = median(samples.parley);
  const floorMs = median(samples.floor);
  return {
    measure: 'process start → first 200',
    subject: 'node (dist/node/server.js)',
    figure: `${round(parleyMs, 1)} ms (+${round(delta, 1)} ms)`,
    floor: `bare node:http ${round(floorMs, 1)} ms`,
    budget: `≤ +${PROCESS_START_BUDGET_MS} ms`,
    met: delta <= PROCESS_START_BUDGET_MS,
    data: { rounds, parleyMs, floorMs, deltaMs: delta },
  };
}
