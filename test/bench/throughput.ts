import { fileURLToPath } from 'node:url';
import { THROUGHPUT_MIN_RATIO } from '../budgets/budgets.js';
import { nodeJson } from './processes.js';
import type { BenchRow } from './report.js';
import { median, progressLine, round } from './stats.js';

export interface Target {
  url: string;
  headers?: Record<string, string>;
}

export interface ThroughputOptions {
  /** Seconds per autocannon run; each variant runs `rounds` times, interleaved. */
  seconds: number;
  rounds: number;
  connections: number;
}

const loadProbe = fileURLToPath(new URL('probes/load.mjs', import.meta.url));

/**
 * Requests/s of one autocannon run, in a process of its own (probes/load.mjs); a non-2xx answer or
 * a socket error invalidates the figure.
 */
export async function requestsPerSecond(target: Target, options: ThroughputOptions): Promise<number> {
  const result = await nodeJson<{ rps: number; non2xx: number; errors: number; timeouts: number }>([
    loadProbe,
    JSON.stringify({
      url: target.url,
      headers: target.headers,
      connections: options.connections,
      duration: options.seconds,
    }),
  ]);
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    throw new Error(`${target.url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result.rps;
}

/**
 * Throughput on one runtime: Parley's `/health` against the floor's, interleaved, then Parley's
 * authenticated message list (reported against the same floor). Each run is bounded by `seconds`,
 * after a one-second warm-up of each.
 */
export async function throughputRows(
  runtime: string,
  targets: { health: Target; floor: Target; messages: Target },
  options: ThroughputOptions,
): Promise<BenchRow[]> {
  const progress = progressLine(`${runtime} throughput`);
  const order = ['health', 'floor', 'messages'] as const;
  const samples = { health: [] as number[], floor: [] as number[], messages: [] as number[] };
  // Warm-up, not counted: the first second of a fresh process is mostly JIT compilation.
  for (const variant of order) await requestsPerSecond(targets[variant], { ...options, seconds: 1 });
  for (let round = 0; round < options.rounds; round++) {
    for (const variant of order) {
      samples[variant].push(await requestsPerSecond(targets[variant], options));
      progress(round * order.length + order.indexOf(variant) + 1, options.rounds * order.length);
    }
  }
  const ratio = (variant: 'health' | 'messages') => median(samples[variant].map((rps, i) => rps / samples.floor[i]!));
  const floor = `bare ${runtime} /health ${Math.round(median(samples.floor))} req/s`;
  const common = {
    connections: options.connections,
    seconds: options.seconds,
    rounds: options.rounds,
    floorRps: median(samples.floor),
  };
  return [
    {
      measure: `${runtime} throughput`,
      subject: 'GET /health',
      figure: `${Math.round(median(samples.health))} req/s (${round(ratio('health'))}×)`,
      floor,
      budget: `≥ ${THROUGHPUT_MIN_RATIO}×`,
      met: ratio('health') >= THROUGHPUT_MIN_RATIO,
      data: { ...common, rps: median(samples.health), ratio: ratio('health') },
    },
    {
      measure: `${runtime} throughput`,
      subject: 'GET /v1/conversations/{id}/messages (auth, 25 items)',
      figure: `${Math.round(median(samples.messages))} req/s (${round(ratio('messages'))}×)`,
      floor,
      budget: 'reported',
      met: null,
      data: { ...common, rps: median(samples.messages), ratio: ratio('messages') },
    },
  ];
}
