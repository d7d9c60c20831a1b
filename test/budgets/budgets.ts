/**
 * The performance budgets, in one place: the budget tests (`test/budgets/*.test.ts`) assert the
 * deterministic ones, the benchmark harness (`npm run bench`) reports every one against its floor.
 */

/** Gzip bytes per build target (`npm run build`); a target without a number is reported, not held to one. */
export const BUNDLE_GZIP_BUDGET: Readonly<Record<string, number | undefined>> = {
  cloudflare: 60 * 1024,
  'lambda-edge': 100 * 1024,
  'lambda-aws4fetch': 100 * 1024,
  // The real-time functions' own bundles (37.7 and 37.5 KiB gzip when set; 29.9 each since the OpenAPI text stays in the API function).
  'lambda-realtime-socket': 40 * 1024,
  'lambda-realtime-fanout': 40 * 1024,
  lambda: undefined,
};

/**
 * The build environment of the lambda-edge bundle in the budget tests and the benchmarks: configured,
 * as CI builds it for a stage (docs/edge.md), since an unconfigured bundle is not what ships.
 */
export const EDGE_BUILD_ENV: Readonly<Record<string, string>> = {
  EDGE_DYNAMODB_TABLE: 'parley-bench',
  EDGE_DYNAMODB_REPLICA_REGIONS: 'us-east-1,eu-central-1',
  EDGE_PARLEY_STAGE: 'bench',
  EDGE_AUTH_MODE: 'hs256',
  EDGE_AUTH_HS256_SECRET: 'bench-secret-bench-secret-bench-secret',
  EDGE_CURSOR_SECRET: 'bench-secret-bench-secret-bench-secret',
};

/** Builds that must carry no AWS SDK code (checked in the esbuild metafile). */
export const SDK_FREE_TARGETS = [
  'cloudflare',
  'lambda-edge',
  'lambda-aws4fetch',
  'lambda-realtime-socket',
  'lambda-realtime-fanout',
] as const;

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
  // A write naming users who must exist (participants) may read their profiles in one BatchGetItem
  // more (round-trip-budget.ts, `checksUsers`); the walk-through names fewer than its 100 keys.
  /** A write route commits its change in this many write calls (one transaction or one conditional write). */
  writes: 1,
} as const;

/**
 * Durable Object cost per API operation on the durable-object backend (the walk-through of
 * `api-operations.ts`: conversations of 2–3 participants): ceilings of [Durable Object calls from
 * the Worker, object requests billed (with the objects' calls to each other), SQLite rows read,
 * rows written]. Measured in workerd by test/budgets/durable-object-operations.test.ts; a route or
 * a store change that adds a call or reads a row more fails there. Schema creation on an object's
 * first write is not counted (once per object).
 */
export const DURABLE_OBJECT_BUDGETS: Readonly<Record<string, readonly [number, number, number, number]>> = {
  'PUT /v1/users/me (create)': [2, 3, 1, 4],
  'GET /v1/users/me': [1, 1, 1, 0],
  'PATCH /v1/users/me': [2, 2, 2, 1],
  'GET /v1/users/{userId}': [1, 1, 1, 0],
  'GET /v1/users?handle=': [2, 2, 2, 0],
  // Creating and adding read each named user's profile first (participants must exist): one call,
  // one request and one row per user, at once (the walk-through names one).
  'POST /v1/conversations (Idempotency-Key)': [3, 6, 13, 15],
  'GET /v1/conversations': [1, 1, 1, 0],
  'GET /v1/conversations/{id}': [2, 2, 2, 0],
  'PATCH /v1/conversations/{id}': [3, 5, 11, 9],
  'POST /v1/conversations/{id}/participants': [4, 7, 15, 14],
  'DELETE /v1/conversations/{id}/participants/{userId}': [2, 5, 13, 13],
  'POST /v1/conversations/{id}/messages': [1, 3, 13, 12],
  'POST /v1/conversations/{id}/messages (Idempotency-Key)': [2, 5, 18, 16],
  'POST /v1/conversations/{id}/messages (replayed key)': [1, 2, 5, 1],
  'GET /v1/conversations/{id}/messages': [2, 2, 3, 0],
  'GET /v1/conversations/{id}/messages?after=': [2, 2, 3, 0],
  'GET /v1/conversations/{id}/messages/{messageId}': [2, 2, 2, 0],
  'PATCH /v1/conversations/{id}/messages/{messageId}': [3, 3, 4, 1],
  'DELETE /v1/conversations/{id}/messages/{messageId}': [3, 3, 4, 1],
  'DELETE /v1/users/me': [2, 4, 8, 4],
};
