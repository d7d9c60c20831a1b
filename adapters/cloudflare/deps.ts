import { parseConfig, parseMediaStoreConfig, readSource } from '../../src/config.js';
import { mediaStoreFrom } from '../../src/media/from-config.js';
import type { AppDeps } from '../../src/deps.js';
import { orderReplicasForLocation, type RequestLocation } from '../../src/replicas/choose.js';
import { createAws4fetchTransport } from '../../src/repository/dynamodb/index.js';
import { createStorage, type StorageClients } from '../../src/storage.js';
import { createWorkersTelemetry } from '../../src/telemetry/workers.js';
import type { Env } from './env.js';
import { assetDocuments } from './asset-documents.js';

/** The Durable Object bindings of the `durable-object` backend, by variable name. */
const DO_BINDINGS = ['PARLEY_CONVERSATIONS', 'PARLEY_USERS', 'PARLEY_HANDLES', 'PARLEY_IDEMPOTENCY'] as const;

/**
 * The Worker's `AppDeps`, from its vars, secrets and bindings: SQLite-backed Durable Objects
 * (default; the classes are exported by worker.ts), Workers KV through `PARLEY_KV`, or DynamoDB over HTTPS signed by aws4fetch (no AWS SDK in the Worker bundle) — the
 * replica of a Global Table nearest to `location` when `DYNAMODB_REPLICA_REGIONS` lists several (an
 * isolate serves one Cloudflare location, so its first request's stands for it). Throws one
 * `ConfigError` naming every bad variable and binding.
 */
export function createWorkerDeps(env: Env, location?: RequestLocation): AppDeps {
  const config = parseConfig(readSource(env), {
    target: 'cloudflare',
    defaultBackend: 'durable-object',
    backends: {
      'durable-object': () =>
        DO_BINDINGS.filter((name) => !env[name]).map((name) => `${name} (Durable Object binding) is missing`),
      kv: () => (env.PARLEY_KV ? [] : ['PARLEY_KV (KV namespace binding) is missing']),
      dynamodb: () =>
        (['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const)
          .filter((name) => !env[name])
          .map((name) => `${name} is required when STORAGE_BACKEND is dynamodb`),
    },
  });
  const storage = createStorage(config.storage, storageClients(env, location));
  // R2 through its S3 API (MEDIA_ENDPOINT = https://<account>.r2.cloudflarestorage.com): presigned PUTs.
  const media = mediaStoreFrom(parseMediaStoreConfig(readSource(env)), { region: 'auto' });
  return {
    config,
    repository: storage.repository,
    ...(media ? { media } : {}),
    // Events flow through the conversations' outboxes, so only the durable-object backend has them.
    realtime:
      env.PARLEY_SOCKETS !== undefined &&
      env.PARLEY_REALTIME !== undefined &&
      config.storage.backend === 'durable-object',
    ...(storage.health ? { health: storage.health } : {}),
    ...(env.ASSETS ? { documents: assetDocuments(env.ASSETS) } : {}),
    ...(storage.counted ? { countedRepository: storage.counted } : {}),
    telemetry: createWorkersTelemetry({ log: consoleJson, dataset: env.PARLEY_ANALYTICS, stage: config.stage }),
  };
}

/** A JSON string per line: Workers Logs indexes its fields, and `wrangler dev`/`tail` print it whole. */
function consoleJson(entry: Record<string, unknown>): void {
  console.log(JSON.stringify(entry));
}

/** The store clients the Worker's bindings and secrets offer (the API and the media processor alike). */
export function storageClients(env: Env, location?: RequestLocation): StorageClients {
  const { AWS_ACCESS_KEY_ID: accessKeyId = '', AWS_SECRET_ACCESS_KEY: secretAccessKey = '' } = env;
  const { PARLEY_CONVERSATIONS: conversations, PARLEY_USERS: users, PARLEY_HANDLES: handles } = env;
  const idempotency = env.PARLEY_IDEMPOTENCY;
  return {
    ...(env.PARLEY_KV ? { kv: env.PARLEY_KV } : {}),
    ...(conversations && users && handles && idempotency
      ? { durableObjects: { conversations, users, handles, idempotency } }
      : {}),
    dynamodb: {
      connect: (region, endpoint) =>
        createAws4fetchTransport({
          region,
          accessKeyId,
          secretAccessKey,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          ...(endpoint ? { endpoint } : {}),
        }),
      nearestFirst: (replicas) => orderReplicasForLocation(replicas, location),
    },
  };
}
