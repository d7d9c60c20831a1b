export { createDynamoRepository, dynamoCapabilities, type DynamoRepositoryOptions } from './repository.js';
export { createAws4fetchTransport, type Aws4fetchTransportOptions } from './aws4fetch-transport.js';
export {
  containerCredentials,
  credentialsFromEnv,
  staticCredentials,
  type AwsCredentialEnv,
  type AwsCredentials,
  type ContainerCredentialsOptions,
  type CredentialProvider,
} from './credentials.js';
export { tableDefinition, ACTIVITY_INDEX, TTL_ATTRIBUTE } from './table.js';
export type { RetryOptions } from './retry.js';
export {
  DynamoTransportError,
  type CancellationReason,
  type DynamoOperation,
  type DynamoOperations,
  type DynamoTransport,
} from './protocol.js';
