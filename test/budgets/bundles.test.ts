import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles, type BuiltBundle } from './build-bundles.js';
import { BUNDLE_GZIP_BUDGET, EDGE_BUILD_ENV, SDK_FREE_TARGETS, SDK_INPUT } from './budgets.js';

// Deterministic budgets on the real build output: gzip bytes per target, and no AWS SDK
// code in the builds that promise to be SDK-free (read from esbuild's metafile, not the build's own check).
describe('bundle budgets', () => {
  let bundles: Map<string, BuiltBundle>;
  let outdir: string | undefined;
  beforeAll(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'parley-budgets-'));
    // The edge bundle with its EDGE_* configuration baked in, as it ships.
    bundles = await buildBundles(Object.keys(BUNDLE_GZIP_BUDGET), outdir, { ...EDGE_BUILD_ENV });
  }, 180_000);
  afterAll(async () => {
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  const bundle = (target: string): BuiltBundle => {
    const found = bundles.get(target);
    if (!found) throw new Error(`the build produced no ${target} bundle`);
    return found;
  };

  const held = Object.entries(BUNDLE_GZIP_BUDGET).filter((entry): entry is [string, number] => entry[1] !== undefined);
  it.each(held)('%s is within %i gzip bytes', (target, budget) => {
    const { gzipBytes } = bundle(target);
    expect(gzipBytes).toBeGreaterThan(0);
    expect(gzipBytes).toBeLessThanOrEqual(budget);
  });

  it.each(SDK_FREE_TARGETS.map((target) => [target]))('%s has no @aws-sdk/* or @smithy/* input', (target) => {
    const { inputs } = bundle(target);
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((input) => SDK_INPUT.test(input))).toEqual([]);
  });

  it('the SDK pattern matches the SDK build, so an SDK-free result means something', () => {
    expect(bundle('lambda').inputs.some((input) => SDK_INPUT.test(input))).toBe(true);
  });
});
