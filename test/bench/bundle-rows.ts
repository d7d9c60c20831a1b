import type { BuiltBundle } from '../budgets/build-bundles.js';
import { BUNDLE_GZIP_BUDGET, SDK_FREE_TARGETS, SDK_INPUT } from '../budgets/budgets.js';
import type { ShippedWorker } from '../budgets/shipped-worker.js';
import type { BenchRow } from './report.js';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Bundle size per target (minified and gzip) against its budget, and the SDK-free check from the metafile. */
export function bundleRows(bundles: Map<string, BuiltBundle>, floorBytes: { raw: number; gzip: number }): BenchRow[] {
  const sizes = [...bundles.values()].map((bundle): BenchRow => {
    const budget = BUNDLE_GZIP_BUDGET[bundle.target];
    return {
      measure: 'bundle size (min / gzip)',
      subject: bundle.target,
      figure: `${kib(bundle.bytes)} / ${kib(bundle.gzipBytes)}`,
      floor: `bare Hono ${kib(floorBytes.raw)} / ${kib(floorBytes.gzip)}`,
      budget: budget === undefined ? 'reported' : `≤ ${kib(budget)} gzip`,
      met: budget === undefined ? null : bundle.gzipBytes <= budget,
      data: { bytes: bundle.bytes, gzipBytes: bundle.gzipBytes, inputs: bundle.inputs.length },
    };
  });
  const sdkFree = SDK_FREE_TARGETS.filter((target) => bundles.has(target)).map((target): BenchRow => {
    const inputs = bundles.get(target)!.inputs;
    const sdk = inputs.filter((input) => SDK_INPUT.test(input));
    return {
      measure: 'SDK-free bundle',
      subject: target,
      figure: `${sdk.length} @aws-sdk/@smithy inputs of ${inputs.length}`,
      floor: `lambda (SDK): ${bundles.get('lambda')?.inputs.filter((input) => SDK_INPUT.test(input)).length ?? '?'} SDK inputs`,
      budget: '0',
      met: sdk.length === 0,
      data: { sdkInputs: sdk.slice(0, 20) },
    };
  });
  return [...sizes, ...sdkFree];
}

/** The Worker wrangler uploads (its dry run): the figure the 60 KB budget is about. */
export function shippedWorkerRow(worker: ShippedWorker, floorBytes: { raw: number; gzip: number }): BenchRow {
  const budget = BUNDLE_GZIP_BUDGET.cloudflare!;
  return {
    measure: 'bundle size as shipped (min / gzip)',
    subject: `cloudflare: wrangler deploy --dry-run (${worker.modules.length} module${worker.modules.length === 1 ? '' : 's'})`,
    figure: `${kib(worker.reported.bytes)} / ${kib(worker.reported.gzipBytes)} (wrangler's report)`,
    floor: `bare Hono ${kib(floorBytes.raw)} / ${kib(floorBytes.gzip)}`,
    budget: `≤ ${kib(budget)} gzip`,
    met: worker.reported.gzipBytes <= budget && worker.gzipBytes <= budget,
    data: { ...worker.reported, measuredGzipBytes: worker.gzipBytes, inputs: worker.inputs.length },
  };
}
