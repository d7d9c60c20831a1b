import type { BenchRow } from '../report.js';
import { median, ratioSpread, ratios, spreadText, undecided } from '../stats.js';

/** Samples (higher is better: ops/s, req/s) per variant; `parley` is one of them. */
export type Samples = Record<string, number[]>;

export interface PeerRowOptions {
  measure: string;
  subject: string;
  unit: string;
  /** Display names of the peers. */
  names: Record<string, string>;
  /** A peer held to its own ratio (e.g. bare @hono/node-server ≥ 0.9×); the others are reported. */
  budgets?: Record<string, number>;
  /** Hold Parley to ≥ 1.0× the fastest peer (by median). */
  fastestPeer?: boolean;
}

/**
 * One row per peer: Parley's median per-round ratio to it, with the interquartile range and the
 * extremes of those ratios beside it (the rounds were interleaved, so load hits both alike).
 */
export function peerRows(samples: Samples, options: PeerRowOptions): BenchRow[] {
  const peers = Object.keys(samples).filter((name) => name !== 'parley');
  const fastest = fastestPeer(samples);
  return peers.map((peer): BenchRow => {
    const spread = ratioSpread(ratios(samples.parley!, samples[peer]!));
    const threshold = options.budgets?.[peer] ?? (options.fastestPeer && peer === fastest ? 1 : undefined);
    return {
      measure: options.measure,
      subject: `${options.subject}: Parley vs ${options.names[peer] ?? peer}${peer === fastest ? ' (fastest peer)' : ''}`,
      figure: spreadText(spread),
      floor: `Parley ${Math.round(median(samples.parley!))} ${options.unit}, ${options.names[peer] ?? peer} ${Math.round(median(samples[peer]!))} ${options.unit}`,
      budget: threshold === undefined ? 'reported' : `≥ ${threshold}×`,
      met: threshold === undefined ? null : spread.median >= threshold,
      data: {
        ...spread,
        parley: samples.parley,
        peer: samples[peer],
        undecided: threshold !== undefined && undecided(spread, threshold),
      },
      group: 'peers',
    };
  });
}

/** Whether any held ratio is still undecided (its IQR straddles the threshold): worth more rounds. */
export function needsMoreRounds(samples: Samples, thresholds: Record<string, number>): boolean {
  return Object.entries(thresholds).some(
    ([peer, threshold]) =>
      samples[peer] !== undefined && undecided(ratioSpread(ratios(samples.parley!, samples[peer]!)), threshold),
  );
}

/** The peer with the highest median ('' before any sample). */
export function fastestPeer(samples: Samples): string {
  return Object.keys(samples)
    .filter((name) => name !== 'parley')
    .reduce((best, name) => (best === '' || median(samples[name]!) > median(samples[best]!) ? name : best), '');
}
