import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoTransport } from '../../src/repository/dynamodb/index.js';
import { processDynamoClient, sendCommand } from './dynamodb-sdk-client.js';
import { mapSdkErrors } from './sdk-errors.js';

/**
 * A `DynamoTransport` over the AWS SDK v3 client: the command is chosen by operation name, and SDK
 * exceptions become `DynamoTransportError`s of the same shape the aws4fetch transport produces.
 * Imports the SDK; the Lambda handler uses `sdkTransport` (`sdk-transport.ts`), which loads it lazily.
 */
export function createSdkTransport(client: DynamoDBClient = processDynamoClient()): DynamoTransport {
  return mapSdkErrors((operation, input, signal) => sendCommand(client, operation, input, signal));
}
