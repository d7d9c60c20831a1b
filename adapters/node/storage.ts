import type { StorageConfig } from '../../src/config.js';
import {
  type AwsCredentialEnv,
  createAws4fetchTransport,
  credentialsFromEnv,
} from '../../src/repository/dynamodb/index.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { createStorage, type Storage } from '../../src/storage.js';

/**
 * The storage the server's configuration asks for: memory, or DynamoDB through aws4fetch with the
 * standard credential chain's environment part — static keys, else the container credentials
 * endpoint (on Greengrass, the Token Exchange Service's `AWS_CONTAINER_CREDENTIALS_FULL_URI` and
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN`), refreshed before they expire.
 */
export function createNodeStorage(storage: StorageConfig, env: AwsCredentialEnv): Storage {
  return createStorage(storage, {
    memory: createMemoryRepository,
    dynamodb: {
      connect: (region, endpoint) =>
        createAws4fetchTransport({ region, credentials: credentialsFromEnv(env), ...(endpoint ? { endpoint } : {}) }),
    },
  });
}
