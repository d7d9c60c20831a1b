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
