import { createSdkTransport, processDynamoClient } from './dynamodb-sdk-transport.js';
import type { TransportFactory } from './deps.js';

/** DynamoDB over the AWS SDK v3 client of this container (region and credentials from the runtime). */
export const sdkTransport: TransportFactory = (env) =>
  createSdkTransport(processDynamoClient(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}));
