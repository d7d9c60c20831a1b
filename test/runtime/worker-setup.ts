import { socketFetch } from '../contract/http/socket-fetch.js';
import { randomBytes } from 'node:crypto';
import type { Miniflare, WorkerOptions } from 'miniflare';
import { signDevToken } from '../../src/auth/dev-token.js';
import type { HttpTarget } from '../contract/http.js';
import { bundleWorker, compatibilityDate } from './worker-bundle.js';

const secret = () => randomBytes(32).toString('base64url');

/** The vars and secrets of the Worker under test, as `wrangler.toml` + `wrangler secret put` would give them. */
export const WORKER_VARS = {
  PARLEY_STAGE: 'test',
  STORAGE_BACKEND: 'kv',
  AUTH_MODE: 'hs256',
  AUTH_HS256_SECRET: secret(),
  CURSOR_SECRET: secret(),
} as const;

/** A value that must never show up in a response, even when the variable holding it is invalid. */
export const LEAKY_VALUE = 'short-SECRET-value';

/**
 * Workers started next to the real one to check start-up validation: each gets the same bundle
 * with a broken configuration. Names are used with `mf.getWorker(name)`.
 */
export const MISCONFIGURED = {
  /** hs256 secret too short, no cursor secret, no KV binding. */
  'parley-missing-secrets': { STORAGE_BACKEND: 'kv', AUTH_MODE: 'hs256', AUTH_HS256_SECRET: LEAKY_VALUE },
  /** DynamoDB chosen without its region and credentials. */
  'parley-dynamodb-incomplete': {
    STORAGE_BACKEND: 'dynamodb',
    DYNAMODB_TABLE: 'parley',
    AUTH_HS256_SECRET: secret(),
    CURSOR_SECRET: secret(),
  },
  /** An unknown storage backend. */
  'parley-unknown-backend': { STORAGE_BACKEND: 'sqlite', AUTH_HS256_SECRET: secret(), CURSOR_SECRET: secret() },
} satisfies Record<string, Record<string, string>>;

/**
 * The Worker (`adapters/cloudflare/worker.ts`, bundled like wrangler does) as Miniflare worker
 * options: first the real one, bound to `PARLEY_KV` (plus whatever extra KV namespaces other
 * suites of the same Miniflare need), then the misconfigured ones.
 */
export async function parleyWorkers(extraKvNamespaces: string[], dynamodb: DynamoTable): Promise<WorkerOptions[]> {
  const [script, date] = await Promise.all([bundleWorker(), compatibilityDate()]);
  const base = { modules: true, script, compatibilityDate: date };
  return [
    { ...base, name: 'parley', kvNamespaces: ['PARLEY_KV', ...extraKvNamespaces], bindings: { ...WORKER_VARS } },
    {
      ...base,
      name: DYNAMODB_WORKER,
      // Its own loopback socket (port 0: a free one), so the contract reaches it over real HTTP too.
      unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      bindings: {
        ...WORKER_VARS,
        STORAGE_BACKEND: 'dynamodb',
        DYNAMODB_TABLE: dynamodb.table,
        DYNAMODB_ENDPOINT: dynamodb.endpoint,
        AWS_REGION: dynamodb.region,
        AWS_ACCESS_KEY_ID: dynamodb.accessKeyId,
        AWS_SECRET_ACCESS_KEY: dynamodb.secretAccessKey,
      },
    },
    {
      ...base,
      name: REPLICATED_WORKER,
      // Every replica points at DynamoDB Local (one endpoint override), so this shows the choice, not a
      // cross-Region call; failover itself is covered by test/edge/replica-choice.test.ts.
      bindings: {
        ...WORKER_VARS,
        STORAGE_BACKEND: 'dynamodb',
        DYNAMODB_TABLE: dynamodb.table,
        DYNAMODB_ENDPOINT: dynamodb.endpoint,
        DYNAMODB_REPLICA_REGIONS: 'us-east-1,eu-west-1,ap-northeast-1',
        AWS_ACCESS_KEY_ID: dynamodb.accessKeyId,
        AWS_SECRET_ACCESS_KEY: dynamodb.secretAccessKey,
      },
    },
    ...Object.entries(MISCONFIGURED).map(([name, bindings]) => ({ ...base, name, bindings })),
  ];
}

/** The DynamoDB Worker over a Global Table's replicas, choosing by `request.cf`. */
export const REPLICATED_WORKER = 'parley-replicas';

/** The same Worker with `STORAGE_BACKEND=dynamodb`: DynamoDB Local through aws4fetch, from inside workerd. */
export const DYNAMODB_WORKER = 'parley-dynamodb';

export interface DynamoTable {
  endpoint: string;
  table: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

const token: HttpTarget['token'] = (sub, options) =>
  signDevToken({ sub, secret: WORKER_VARS.AUTH_HS256_SECRET, ...options });

/** The HTTP contract's target: real HTTP to the Miniflare entry (which routes to the first worker). */
export async function workerTarget(mf: Miniflare): Promise<HttpTarget> {
  const url = await mf.ready;
  return {
    baseUrl: url.href,
    fetch: socketFetch,
    token,
    // Workers KV has no compare-and-set, so two racing first requests with one key can both run.
    atomicIdempotency: false,
  };
}

/** The DynamoDB-backed Worker as a target: real HTTP to its own workerd socket. */
export async function dynamoWorkerTarget(mf: Miniflare): Promise<HttpTarget> {
  const url = await mf.unsafeGetDirectURL(DYNAMODB_WORKER);
  return { baseUrl: url.href, fetch: socketFetch, token, atomicIdempotency: true };
}
