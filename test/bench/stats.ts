/** Median of a non-empty sample (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs `measure` for every variant in turn, `rounds` times (A B C A B C …), so drift in machine
 * load (other processes share the cores) hits every variant alike. Returns the samples per variant.
 */
export async function interleaved<V extends string>(
  variants: readonly V[],
  rounds: number,
  measure: (variant: V, round: number) => Promise<number>,
  progress?: (done: number, total: number) => void,
): Promise<Record<V, number[]>> {
  const samples = Object.fromEntries(variants.map((variant) => [variant, [] as number[]])) as Record<V, number[]>;
  const total = variants.length * rounds;
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      samples[variant].push(await measure(variant, round));
      progress?.(round * variants.length + variants.indexOf(variant) + 1, total);
    }
  }
  return samples;
}

/** A progress line that rewrites itself on a terminal and prints every ~10 % elsewhere. */
export function progressLine(label: string): (done: number, total: number) => void {
  let shown = -1;
  return (done, total) => {
    const tenth = Math.floor((done / total) * 10);
    if (process.stderr.isTTY) process.stderr.write(`\r  ${label}: ${done}/${total}${done === total ? '\n' : ''}`);
    else if (tenth !== shown || done === total) {
      shown = tenth;
      process.stderr.write(`  ${label}: ${done}/${total}\n`);
    }
  };
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** The `q` quantile (0–1) of a non-empty sample, linear between order statistics. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('quantile of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/** Median, interquartile range and extremes of per-round ratios: what a ratio row prints. */
export interface RatioSpread {
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
  rounds: number;
}

export function ratioSpread(ratios: readonly number[]): RatioSpread {
  return {
    median: median(ratios),
    q1: quantile(ratios, 0.25),
    q3: quantile(ratios, 0.75),
    min: Math.min(...ratios),
    max: Math.max(...ratios),
    rounds: ratios.length,
  };
}

/** `1.23× (IQR 1.10–1.31, n 9)`. */
export const spreadText = (s: RatioSpread): string =>
  `${round(s.median)}× (IQR ${round(s.q1)}–${round(s.q3)}, min–max ${round(s.min)}–${round(s.max)}, n ${s.rounds})`;

/**
 * Whether the spread leaves the verdict against `threshold` open: the interquartile range straddles
 * it, so more interleaved rounds are needed before the median can be trusted either way.
 */
export const undecided = (s: RatioSpread, threshold: number): boolean => s.q1 < threshold && s.q3 > threshold;

/** Per-round ratios `a[i] / b[i]`. */
export const ratios = (a: readonly number[], b: readonly number[]): number[] =>
  a.slice(0, b.length).map((value, i) => value / b[i]!);
