import { fileURLToPath } from 'node:url';
import { DISPATCH_MIN_RATIO } from '../budgets/budgets.js';
import { nodeJson } from './processes.js';
import type { BenchRow } from './report.js';
import { median, round } from './stats.js';

const probe = fileURLToPath(new URL('probes/dispatch.ts', import.meta.url));

/** In-process dispatch: ops/s of `app.fetch` on `/health` over a bare fetch handler, median of interleaved batches. */
export async function dispatchRow(rounds: number): Promise<BenchRow> {
  process.stderr.write('  dispatch: running\n');
  const samples = await nodeJson<{ parley: number[]; bare: number[] }>(['--import', 'tsx', probe], {
    ROUNDS: String(rounds),
  });
  const ratio = median(samples.parley.map((ops, i) => ops / samples.bare[i]!));
  return {
    measure: 'in-process dispatch',
    subject: 'app.fetch GET /health',
    figure: `${Math.round(median(samples.parley))} ops/s (${round(ratio)}×)`,
    floor: `bare fetch handler ${Math.round(median(samples.bare))} ops/s`,
    budget: `≥ ${DISPATCH_MIN_RATIO}×`,
    met: ratio >= DISPATCH_MIN_RATIO,
    data: { rounds, ratio, parleyOps: median(samples.parley), bareOps: median(samples.bare) },
  };
}
