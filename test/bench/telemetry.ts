import { fileURLToPath } from 'node:url';
import { nodeJson } from './processes.js';
import type { BenchRow } from './report.js';
import { median, round } from './stats.js';

const probe = fileURLToPath(new URL('probes/telemetry.ts', import.meta.url));

/** Telemetry's cost per request: one EMF line alone, and `app.fetch` with the EMF sink over a sink that drops records. */
export async function telemetryRows(rounds: number): Promise<BenchRow[]> {
  process.stderr.write('  telemetry: running\n');
  const s = await nodeJson<{ line: number[]; emf: number[]; none: number[] }>(['--import', 'tsx', probe], {
    ROUNDS: String(rounds),
  });
  const added = median(s.emf.map((us, i) => us - s.none[i]!));
  return [
    {
      measure: 'telemetry',
      subject: 'one request record → EMF line',
      figure: `${round(median(s.line))} µs`,
      floor: '—',
      budget: '—',
      met: null,
      data: { rounds, lineUs: median(s.line) },
    },
    {
      measure: 'telemetry',
      subject: 'app.fetch GET /health, EMF sink',
      figure: `${round(median(s.emf))} µs (+${round(added)} µs)`,
      floor: `sink that drops the record ${round(median(s.none))} µs`,
      budget: '—',
      met: null,
      data: { rounds, emfUs: median(s.emf), noneUs: median(s.none), addedUs: added },
    },
  ];
}
