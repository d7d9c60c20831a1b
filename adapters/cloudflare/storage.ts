import { ConfigError } from '../../src/config.js';
import { createAws4fetchTransport, createDynamoRepository } from '../../src/repository/dynamodb/index.js';
import { createKvRepository } from '../../src/repository/kv/index.js';
import type { Repository } from '../../src/repository/port.js';
import type { Env } from './env.js';

/**
 * The repository `STORAGE_BACKEND` selects: Workers KV through the `PARLEY_KV` binding (default), or
 * DynamoDB over HTTPS signed by aws4fetch (no AWS SDK in the Worker bundle). Throws `ConfigError`
 * naming the missing bindings or variables.
 */
export function createWorkerRepository(env: Env): Repository {
  const backend = env.STORAGE_BACKEND?.trim() || 'kv';
  if (backend === 'kv') {
    if (!env.PARLEY_KV) throw invalid(['PARLEY_KV (KV namespace binding) is missing']);
    return createKvRepository({ namespace: env.PARLEY_KV });
  }
  if (backend === 'dynamodb') return dynamoRepository(env);
  throw invalid(['STORAGE_BACKEND must be kv or dynamodb']);
}

function dynamoRepository(env: Env): Repository {
  const { DYNAMODB_TABLE: tableName, AWS_REGION: region } = env;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = env;
  if (!tableName || !region || !accessKeyId || !secretAccessKey) {
    const given = { DYNAMODB_TABLE: tableName, AWS_REGION: region, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey };
    const missing = Object.entries(given).filter(([, value]) => !value);
    throw invalid(missing.map(([name]) => `${name} is required when STORAGE_BACKEND is dynamodb`));
  }
  const transport = createAws4fetchTransport({
    region,
    accessKeyId,
    secretAccessKey,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
  });
  return createDynamoRepository({ tableName, transport });
}

function invalid(problems: string[]): ConfigError {
  return new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}
