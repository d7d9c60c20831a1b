/**
 * The performance budgets, in one place: the budget tests (`test/budgets/*.test.ts`) assert the
 * deterministic ones, the benchmark harness (`npm run bench`) reports every one against its floor.
 */

/** Gzip bytes per build target (`npm run build`); a target without a number is reported, not held to one. */
export const BUNDLE_GZIP_BUDGET: Readonly<Record<string, number | undefined>> = {
  cloudflare: 60 * 1024,
  'lambda-edge': 100 * 1024,
  'lambda-aws4fetch': 100 * 1024,
  lambda: undefined,
};

/** Builds that must carry no AWS SDK code (checked in the esbuild metafile). */
export const SDK_FREE_TARGETS = ['cloudflare', 'lambda-edge', 'lambda-aws4fetch'] as const;

/** An esbuild metafile input path that is AWS SDK v3 code. */
export const SDK_INPUT = /(^|\/)node_modules\/@(aws-sdk|smithy)\//;

/** Module init of a bundle, minus the bare Hono bundle's, in ms (median of fresh processes). */
export const MODULE_INIT_BUDGET_MS = 5;
/** Spawn to first 200 of the Node server, minus a bare `node:http` server's, in ms. */
export const PROCESS_START_BUDGET_MS = 25;
/** `app.fetch` of `GET /health` against a bare fetch handler, ops/s ratio. */
export const DISPATCH_MIN_RATIO = 0.85;
/** Requests/s on `/health` against a bare server on the same runtime. */
export const THROUGHPUT_MIN_RATIO = 0.9;

/** DynamoDB round trips per API operation. */
export const ROUND_TRIPS = {
  /** Transport calls a read route may make. */
  maxReads: 2,
  /** A write route commits its change in this many write calls (one transaction or one conditional write). */
  writes: 1,
} as const;
