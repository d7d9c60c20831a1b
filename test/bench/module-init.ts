import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULE_INIT_BUDGET_MS } from '../budgets/budgets.js';
import { nodeJson } from './processes.js';
import type { BenchRow } from './report.js';
import { interleaved, median, progressLine, ratioSpread, round } from './stats.js';

const probe = fileURLToPath(new URL('probes/import-once.mjs', import.meta.url));

interface ImportSample {
  ms: number;
  cpuMs: number;
}

/**
 * Module init as a cold-start proxy: `import()` of each bundle in a fresh Node process, the variants
 * interleaved with the bare Hono floor, `rounds` processes each. The figure is the median of the
 * per-round differences to the floor (wall clock; CPU time of the process alongside, since the cores
 * are shared and waiting for one is not init work).
 */
/** One bundle to import: its file, the environment its process gets, and whether the budget holds it. */
export interface InitVariant {
  file: string;
  /** E.g. the NODE_OPTIONS template.yaml gives the function. */
  env?: Record<string, string>;
  /** Held to ≤ bare + MODULE_INIT_BUDGET_MS; otherwise reported (peers, variants for comparison). */
  budget: boolean;
}

export async function moduleInitRows(
  bundles: Record<string, InitVariant>,
  floor: string,
  rounds: number,
): Promise<BenchRow[]> {
  // Node decides whether a `.js` file is ESM by finding and reading the nearest package.json; the
  // floor is `.mjs` and workerd never pays that lookup. So a `.js` bundle (the Worker) is imported
  // from a `.mjs` copy beside it, and every variant loads the same way. The Worker imports the
  // runtime's own `cloudflare:workers` (the Durable Object base class), which workerd provides and Node
  // does not: the copy imports a one-line stand-in instead, so the figure is still the bundle's own init.
  const asMjs = async (file: string): Promise<string> => {
    if (!file.endsWith('.js')) return file;
    const copy = `${file.slice(0, -'.js'.length)}.bench.mjs`;
    const stub = join(dirname(file), 'cloudflare-workers.bench-stub.mjs');
    await writeFile(stub, 'export class DurableObject { constructor(ctx, env) { this.ctx = ctx; this.env = env; } }\n');
    const code = await readFile(file, 'utf8');
    await writeFile(copy, code.replace(/(["'])cloudflare:workers\1/g, '"./cloudflare-workers.bench-stub.mjs"'));
    return copy;
  };
  const files: Record<string, string> = { floor: await asMjs(floor) };
  for (const [name, variant] of Object.entries(bundles)) files[name] = await asMjs(variant.file);
  const samples = new Map<string, ImportSample[]>(Object.keys(files).map((name) => [name, []]));
  await interleaved(
    Object.keys(files),
    rounds,
    async (name) => {
      const sample = await nodeJson<ImportSample>([probe, files[name]!], bundles[name]?.env ?? {});
      samples.get(name)!.push(sample);
      return sample.ms;
    },
    progressLine('module init'),
  );

  const floorSamples = samples.get('floor')!;
  const floorMs = median(floorSamples.map((s) => s.ms));
  const floorCpu = median(floorSamples.map((s) => s.cpuMs));
  return Object.keys(bundles).map((target) => {
    const own = samples.get(target)!;
    const delta = median(own.map((s, i) => s.ms - floorSamples[i]!.ms));
    const cpuDelta = median(own.map((s, i) => s.cpuMs - floorSamples[i]!.cpuMs));
    const held = bundles[target]!.budget;
    const spread = ratioSpread(own.map((s, i) => s.ms - floorSamples[i]!.ms));
    return {
      measure: 'module init',
      subject: target,
      figure: `${delta >= 0 ? '+' : ''}${round(delta, 1)} ms (CPU ${cpuDelta >= 0 ? '+' : ''}${round(cpuDelta, 1)} ms; IQR of differences ${round(spread.q1, 1)} to ${round(spread.q3, 1)} ms)`,
      floor: `bare Hono bundle ${round(floorMs, 1)} ms (CPU ${round(floorCpu, 1)} ms)`,
      budget: held ? `≤ +${MODULE_INIT_BUDGET_MS} ms` : 'reported',
      met: held ? delta <= MODULE_INIT_BUDGET_MS : null,
      data: {
        rounds,
        medianMs: median(own.map((s) => s.ms)),
        medianCpuMs: median(own.map((s) => s.cpuMs)),
        deltaMs: delta,
        cpuDeltaMs: cpuDelta,
        floorMs,
        floorCpuMs: floorCpu,
      },
    };
  });
}
