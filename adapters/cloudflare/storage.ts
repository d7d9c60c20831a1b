import { ConfigError } from '../../src/config.js';
import { createAws4fetchTransport, createDynamoRepository } from '../../src/repository/dynamodb/index.js';
import { createKvRepository } from '../../src/repository/kv/index.js';
import type { Repository } from '../../src/repository/port.js';
import {
  createReplicatedDynamoRepository,
  orderReplicasForLocation,
  type RequestLocation,
} from '../../src/replicas/index.js';
import type { Env } from './env.js';

export interface WorkerStorage {
  repository: Repository;
  /** Extra `/health` fields: the replica choice when the table has several. */
  health?: () => Record<string, unknown>;
}

/**
 * The repository `STORAGE_BACKEND` selects: Workers KV through the `PARLEY_KV` binding (default), or
 * DynamoDB over HTTPS signed by aws4fetch (no AWS SDK in the Worker bundle) — the nearest replica
 * of a Global Table to `location` when `DYNAMODB_REPLICA_REGIONS` lists several. Throws
 * `ConfigError` naming the missing bindings or variables.
 */
export function createWorkerStorage(env: Env, location?: RequestLocation): WorkerStorage {
  const backend = env.STORAGE_BACKEND?.trim() || 'kv';
  if (backend === 'kv') {
    if (!env.PARLEY_KV) throw invalid(['PARLEY_KV (KV namespace binding) is missing']);
    return { repository: createKvRepository({ namespace: env.PARLEY_KV }) };
  }
  if (backend === 'dynamodb') return dynamoStorage(env, location);
  throw invalid(['STORAGE_BACKEND must be kv or dynamodb']);
}

function dynamoStorage(env: Env, location: RequestLocation | undefined): WorkerStorage {
  const replicas = (env.DYNAMODB_REPLICA_REGIONS ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  const { DYNAMODB_TABLE: tableName, AWS_REGION: region } = env;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  const given = {
    DYNAMODB_TABLE: tableName,
    ...(replicas.length ? {} : { AWS_REGION: region }),
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
  };
  const missing = Object.entries(given).filter(([, value]) => !value);
  if (!tableName || !accessKeyId || !secretAccessKey || missing.length) {
    throw invalid(missing.map(([name]) => `${name} is required when STORAGE_BACKEND is dynamodb`));
  }
  const connect = (replicaRegion: string) =>
    createAws4fetchTransport({
      region: replicaRegion,
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
    });
  if (!replicas.length) return { repository: createDynamoRepository({ tableName, transport: connect(region ?? '') }) };
  // An isolate serves one Cloudflare location, so the first request's location stands for it.
  const order = orderReplicasForLocation(replicas, location);
  return createReplicatedDynamoRepository({ tableName, order, connect });
}

function invalid(problems: string[]): ConfigError {
  return new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
