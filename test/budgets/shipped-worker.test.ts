import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_GZIP_BUDGET, SDK_INPUT } from './budgets.js';
import { buildShippedWorker, type ShippedWorker } from './shipped-worker.js';

// The API Worker's budget on what `wrangler deploy` uploads (its dry run, with wrangler.toml as it
// is), not on the project's own esbuild build: a budget must not pass on a file nobody deploys.
describe('the shipped API Worker (wrangler deploy --dry-run)', () => {
  let worker: ShippedWorker;
  let outdir: string | undefined;
  const budget = BUNDLE_GZIP_BUDGET.cloudflare!;
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'parley-shipped-worker-'));
    worker = await buildShippedWorker(join(outdir, 'worker'));
  }, 180_000);
  afterAll(async () => {
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  it(`is within ${budget} gzip bytes as wrangler reports the upload`, () => {
    expect(worker.reported.gzipBytes).toBeGreaterThan(0);
    expect(worker.reported.gzipBytes).toBeLessThanOrEqual(budget);
  });

  it(`is within ${budget} gzip bytes measured on the modules it wrote`, () => {
    expect(worker.modules.length).toBeGreaterThan(0);
    expect(worker.gzipBytes).toBeLessThanOrEqual(budget);
    // The two measures agree (wrangler gzips the same modules), so neither is measuring something else.
    expect(Math.abs(worker.gzipBytes - worker.reported.gzipBytes)).toBeLessThan(2 * 1024);
  });

  it("carries no AWS SDK code (wrangler's own esbuild metafile)", () => {
    expect(worker.inputs.some((input) => input.endsWith('adapters/cloudflare/worker.ts'))).toBe(true);
    expect(worker.inputs.filter((input) => SDK_INPUT.test(input))).toEqual([]);
  });
});
