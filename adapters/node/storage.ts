import { createMemoryRepository } from '../../src/repository/memory/index.js';
import {
  createAws4fetchTransport,
  createDynamoRepository,
  credentialsFromEnv,
  type AwsCredentialEnv,
} from '../../src/repository/dynamodb/index.js';
import type { Repository } from '../../src/repository/port.js';
import type { StorageEnv } from './env.js';

/**
 * The repository the server's environment asks for. DynamoDB goes through aws4fetch with the
 * standard credential chain's environment part: static keys, else the container credentials
 * endpoint (on Greengrass, the Token Exchange Service's `AWS_CONTAINER_CREDENTIALS_FULL_URI` and
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN`), refreshed before they expire.
 */
export function createNodeRepository(storage: StorageEnv, env: AwsCredentialEnv): Repository {
  if (storage.kind === 'memory') return createMemoryRepository();
  const transport = createAws4fetchTransport({
    region: storage.region,
    credentials: credentialsFromEnv(env),
    ...(storage.endpoint ? { endpoint: storage.endpoint } : {}),
  });
  return createDynamoRepository({ transport, tableName: storage.table });
}
