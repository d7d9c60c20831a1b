import { MEDIA_TEST_VARIABLES } from '../../support/media-env.js';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { WorkerOptions } from 'miniflare';
import { bundleWorker, compatibilityDate } from './bundle.js';
import { ensureDocsUi } from '../../../scripts/docs-ui.js';

/**
 * The Workers of the run's one workerd (`test/setup/workerd.ts`), each on its own loopback socket:
 * the real Worker bundle with the configurations a deploy would give it, misconfigured copies, and
 * two test-only Workers (the repository bridge, the JWKS verifier). Tests reach them by name
 * (`workerUrl` in `./target.ts`).
 */

/**
 * Fixed test secrets: this module is loaded both by the global setup (which starts the Workers) and
 * by the test files (which sign tokens), in different processes, so they must agree.
 */
const secret = (name: string) => `${name}-workerd-test-secret-0123456789abcdef`;

/** The vars and secrets of the Worker under test, as `wrangler.toml` + `wrangler secret put` would give them. */
export const WORKER_VARS = {
  PARLEY_STAGE: 'test',
  STORAGE_BACKEND: 'kv',
  AUTH_MODE: 'hs256',
  AUTH_HS256_SECRET: secret('hs256'),
  CURSOR_SECRET: secret('cursor'),
  ...MEDIA_TEST_VARIABLES,
  CORS_ALLOWED_ORIGINS: 'http://localhost:5173',
} as const;

/** The migration Worker's bearer secret (`MIGRATE_SECRET`). */
export const MIGRATE_SECRET = secret('migrate');

/** A value that must never show up in a response, even when the variable holding it is invalid. */
export const LEAKY_VALUE = 'short-SECRET-value';

export const WORKERS = {
  /** `STORAGE_BACKEND=kv`, bound to `PARLEY_KV`. */
  kv: 'parley',
  /** The same bundle with `STORAGE_BACKEND=dynamodb`: DynamoDB Local through aws4fetch, from inside workerd. */
  dynamodb: 'parley-dynamodb',
  /** DynamoDB over a Global Table's replicas, choosing by `request.cf`. */
  replicas: 'parley-replicas',
  /** `STORAGE_BACKEND=durable-object`: the bundle with its own SQLite-backed Durable Object classes. */
  durableObject: 'parley-durable-object',
  /** Test-only: the same Worker with fault injection in its objects and bindings (`faulty-worker-entry.ts`). */
  durableObjectFaults: 'parley-durable-object-faults',
  /** `STORAGE_BACKEND=kv` on a namespace of its own: the source of the KV → Durable Objects move. */
  kvSource: 'parley-kv-source',
  /** The migration Worker (adapters/cloudflare/migrate-kv.ts): that namespace → `durableObject`'s objects. */
  kvMigration: 'parley-migrate-kv',
  /** Test-only: the repository port and a KV namespace over HTTP (`bridge-entry.ts`). */
  bridge: 'repository-bridge',
  /** Test-only: the token verifier in JWKS mode (`auth-jwks-entry.ts`). */
  jwks: 'auth-jwks',
  /** The admin Worker (`adapters/cloudflare/admin.ts`) on the `MIGRATION_KV` namespace: `npm run migrate -- --to kv`. */
  admin: 'parley-admin',
  /** The admin Worker on the `durable-object` backend: `durableObject`'s objects (`npm run migrate -- --to durable-object`). */
  adminDurableObject: 'parley-admin-durable-object',
  /** The API Worker bundle on that same namespace: serves what a migration wrote. */
  migrated: 'parley-migrated',
  /** The API Worker on Durable Objects with the realtime Worker bound (`PARLEY_SOCKETS`, by script name). */
  realtime: 'parley-realtime',
  /** The realtime Worker (adapters/cloudflare/realtime.ts): the per-user socket objects. */
  realtimeSockets: 'parley-realtime-sockets',
} as const;

/** The admin Worker's `PARLEY_ADMIN_TOKEN`. */
export const ADMIN_TOKEN = secret('admin-token');
/** The KV namespace id the admin and migrated Workers share (its own, so no other test sees its data). */
const MIGRATION_KV = 'migration-kv';

/**
 * Copies of the bundle with a broken configuration, to check start-up validation. Keyed by worker
 * name; none sets `PARLEY_STAGE`, so they run as `local` and may name the bad variables.
 */
export const MISCONFIGURED = {
  /** hs256 secret too short, no cursor secret, no KV binding. */
  'parley-missing-secrets': { STORAGE_BACKEND: 'kv', AUTH_MODE: 'hs256', AUTH_HS256_SECRET: LEAKY_VALUE },
  /** DynamoDB chosen without its region and credentials. */
  'parley-dynamodb-incomplete': {
    STORAGE_BACKEND: 'dynamodb',
    DYNAMODB_TABLE: 'parley',
    AUTH_HS256_SECRET: secret('incomplete-hs256'),
    CURSOR_SECRET: secret('incomplete-cursor'),
  },
  /** An unknown storage backend. */
  'parley-unknown-backend': {
    STORAGE_BACKEND: 'sqlite',
    AUTH_HS256_SECRET: secret('unknown-hs256'),
    CURSOR_SECRET: secret('unknown-cursor'),
  },
  /** Durable Objects chosen with none of their bindings and a location hint that does not exist. */
  'parley-durable-object-unbound': {
    STORAGE_BACKEND: 'durable-object',
    DO_LOCATION_HINT: 'mars',
    AUTH_HS256_SECRET: secret('unbound-hs256'),
    CURSOR_SECRET: secret('unbound-cursor'),
  },
  /** The same broken secrets on a deployed stage: the 500 must not name them. */
  'parley-production-misconfigured': {
    PARLEY_STAGE: 'production',
    STORAGE_BACKEND: 'kv',
    AUTH_HS256_SECRET: LEAKY_VALUE,
  },
} satisfies Record<string, Record<string, string>>;

/**
 * The four Durable Object bindings of the `durable-object` backend (Miniflare's form of
 * wrangler.toml's `[[durable_objects.bindings]]` + `new_sqlite_classes`), each class exported by the
 * Worker's own script.
 */
export const DURABLE_OBJECT_BINDINGS = {
  PARLEY_CONVERSATIONS: { className: 'ConversationObject', useSQLite: true },
  PARLEY_USERS: { className: 'UserObject', useSQLite: true },
  PARLEY_HANDLES: { className: 'HandleObject', useSQLite: true },
  PARLEY_IDEMPOTENCY: { className: 'IdempotencyObject', useSQLite: true },
};

export interface DynamoTable {
  endpoint: string;
  table: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** The Worker's static assets, as wrangler.toml's `[assets]` gives them (the Scalar bundle copied first). */
const STATIC_ASSETS = {
  directory: ensureDocsUi(fileURLToPath(new URL('../../../', import.meta.url))).replace(
    /docs\/scalar\.standalone\.js$/,
    '',
  ),
  binding: 'ASSETS',
  routerConfig: { has_user_worker: true },
};

/** Every Worker's Miniflare options; each gets its own loopback socket (port 0: a free one). */
export async function workerdWorkers(dynamodb: DynamoTable): Promise<WorkerOptions[]> {
  const [script, date, bridge, jwks, faulty, migrate, admin, realtime] = await Promise.all([
    bundleWorker(),
    compatibilityDate(),
    bundleTestWorker('./bridge-entry.ts'),
    bundleTestWorker('./auth-jwks-entry.ts'),
    bundleTestWorker('./faulty-worker-entry.ts'),
    bundleTestWorker('../../../adapters/cloudflare/migrate-kv.ts'),
    bundleTestWorker('../../../adapters/cloudflare/admin.ts'),
    bundleTestWorker('../../../adapters/cloudflare/realtime.ts'),
  ]);
  const socket = { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] };
  const base = { modules: true, compatibilityDate: date, ...socket };
  // wrangler.toml's [assets] (public/): /openapi.json and /docs are served from them, not the script.
  const withAssets = { ...base, assets: STATIC_ASSETS };
  const dynamoVars = {
    ...WORKER_VARS,
    STORAGE_BACKEND: 'dynamodb',
    DYNAMODB_TABLE: dynamodb.table,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    AWS_ACCESS_KEY_ID: dynamodb.accessKeyId,
    AWS_SECRET_ACCESS_KEY: dynamodb.secretAccessKey,
  };
  return [
    {
      ...withAssets,
      script,
      name: WORKERS.kv,
      kvNamespaces: ['PARLEY_KV'],
      // As wrangler.toml binds it on deployed stages; Miniflare's local dataset accepts and drops points.
      analyticsEngineDatasets: { PARLEY_ANALYTICS: { dataset: 'parley_test' } },
      bindings: { ...WORKER_VARS },
    },
    { ...withAssets, script, name: WORKERS.dynamodb, bindings: { ...dynamoVars, AWS_REGION: dynamodb.region } },
    // Every replica points at DynamoDB Local (one endpoint override), so this shows the choice, not a
    // cross-Region call; failover itself is covered by test/replicas/.
    {
      ...base,
      script,
      name: WORKERS.replicas,
      bindings: { ...dynamoVars, DYNAMODB_REPLICA_REGIONS: 'us-east-1,eu-west-1,ap-northeast-1' },
    },
    {
      ...withAssets,
      script,
      name: WORKERS.durableObject,
      durableObjects: DURABLE_OBJECT_BINDINGS,
      bindings: { ...WORKER_VARS, STORAGE_BACKEND: 'durable-object', DO_LOCATION_HINT: 'weur' },
    },
    {
      ...base,
      script: faulty,
      name: WORKERS.durableObjectFaults,
      durableObjects: DURABLE_OBJECT_BINDINGS,
      bindings: { ...WORKER_VARS, STORAGE_BACKEND: 'durable-object' },
    },
    {
      ...base,
      script,
      name: WORKERS.kvSource,
      kvNamespaces: { PARLEY_KV: 'kv-migration-source' },
      bindings: { ...WORKER_VARS },
    },
    {
      ...base,
      script: migrate,
      name: WORKERS.kvMigration,
      kvNamespaces: { PARLEY_KV: 'kv-migration-source' },
      durableObjects: Object.fromEntries(
        Object.entries(DURABLE_OBJECT_BINDINGS).map(([name, binding]) => [
          name,
          { ...binding, scriptName: WORKERS.durableObject },
        ]),
      ),
      bindings: { MIGRATE_SECRET },
    },
    ...Object.entries(MISCONFIGURED).map(([name, bindings]) => ({ ...base, script, name, bindings })),
    {
      ...base,
      script: bridge,
      name: WORKERS.bridge,
      kvNamespaces: ['CONTRACT_KV'],
      durableObjects: DURABLE_OBJECT_BINDINGS,
    },
    { ...base, script: jwks, name: WORKERS.jwks },
    {
      ...base,
      script: admin,
      name: WORKERS.admin,
      kvNamespaces: { PARLEY_KV: MIGRATION_KV },
      bindings: { ...WORKER_VARS, PARLEY_ADMIN_TOKEN: ADMIN_TOKEN },
    },
    {
      ...base,
      script: admin,
      name: WORKERS.adminDurableObject,
      durableObjects: Object.fromEntries(
        Object.entries(DURABLE_OBJECT_BINDINGS).map(([name, binding]) => [
          name,
          { ...binding, scriptName: WORKERS.durableObject },
        ]),
      ),
      bindings: { ...WORKER_VARS, STORAGE_BACKEND: 'durable-object', PARLEY_ADMIN_TOKEN: ADMIN_TOKEN },
    },
    // The API Worker and the realtime Worker bound to each other by script name, as wrangler.toml
    // and realtime.wrangler.toml bind them.
    {
      ...base,
      script,
      name: WORKERS.realtime,
      durableObjects: {
        ...DURABLE_OBJECT_BINDINGS,
        PARLEY_SOCKETS: { className: 'SocketObject', scriptName: WORKERS.realtimeSockets, useSQLite: true },
      },
      serviceBindings: { PARLEY_REALTIME: WORKERS.realtimeSockets },
      bindings: { ...WORKER_VARS, STORAGE_BACKEND: 'durable-object' },
    },
    {
      ...base,
      script: realtime,
      name: WORKERS.realtimeSockets,
      durableObjects: {
        PARLEY_SOCKETS: { className: 'SocketObject', useSQLite: true },
        PARLEY_CONVERSATIONS: { className: 'ConversationObject', scriptName: WORKERS.realtime, useSQLite: true },
      },
      bindings: { CURSOR_SECRET: WORKER_VARS.CURSOR_SECRET },
    },
    {
      ...base,
      script,
      name: WORKERS.migrated,
      kvNamespaces: { PARLEY_KV: MIGRATION_KV },
      bindings: { ...WORKER_VARS },
    },
  ];
}

/**
 * The bridge Worker alone, in a Miniflare of its own (the benchmarks run outside the test run's
 * workerd): its metered app `/app/…` and repository calls on the durable-object backend.
 */
export async function bridgeWorkerOptions(): Promise<WorkerOptions> {
  const [script, date] = await Promise.all([bundleTestWorker('./bridge-entry.ts'), compatibilityDate()]);
  return {
    modules: true,
    compatibilityDate: date,
    script,
    name: WORKERS.bridge,
    kvNamespaces: ['CONTRACT_KV'],
    durableObjects: DURABLE_OBJECT_BINDINGS,
  };
}

/** A Worker entry other than the API Worker's (test-only ones, the admin Worker), bundled like the real one. */
async function bundleTestWorker(entry: string): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL(entry, import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    conditions: ['workerd', 'worker', 'browser'],
    external: ['cloudflare:*'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}
