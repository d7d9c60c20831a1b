import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createSdkTransport } from '../../adapters/lambda/dynamodb-sdk-transport.js';
import {
  createAws4fetchTransport,
  type DynamoOperation,
  type DynamoTransport,
} from '../../src/repository/dynamodb/index.js';
import { createTable } from '../../scripts/db-create.js';

export const REGION = 'us-east-1';
/** DynamoDB Local checks that requests are signed, not by whom. */
export const LOCAL_KEYS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The run's DynamoDB Local (started by `test/setup/dynamodb-local.ts`). */
export function dynamodbEndpoint(): string {
  const endpoint = inject('dynamodbEndpoint');
  if (!endpoint) throw new Error('DynamoDB Local was not started for this run (set PARLEY_DYNAMODB_LOCAL=1)');
  return endpoint;
}

/** The variables a target reads to use DynamoDB Local's `table` (the shared vocabulary, `src/config.ts`). */
export function localDynamoVariables(table: string, endpoint: string) {
  return {
    STORAGE_BACKEND: 'dynamodb',
    DYNAMODB_TABLE: table,
    DYNAMODB_ENDPOINT: endpoint,
    DYNAMODB_REGION: REGION,
    // The Region the Lambda runtime would set; the Node server reads DYNAMODB_REGION first.
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_KEYS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_KEYS.secretAccessKey,
  };
}

export const transports: Record<'aws4fetch' | 'sdk', (endpoint: string) => DynamoTransport> = {
  aws4fetch: (endpoint) => createAws4fetchTransport({ region: REGION, endpoint, ...LOCAL_KEYS }),
  sdk: (endpoint) =>
    createSdkTransport(new DynamoDBClient({ region: REGION, endpoint, credentials: LOCAL_KEYS, maxAttempts: 1 })),
};

/** A fresh table per file and transport, so files run in parallel on one DynamoDB Local. */
export async function freshTable(transport: DynamoTransport, label: string): Promise<string> {
  const name = `parley-${label}-${Math.random().toString(36).slice(2, 8)}`;
  await createTable(transport, name);
  return name;
}

/** A fresh table on the run's DynamoDB Local, with the variables a target reads to use it. */
export async function freshLocalTable(label: string) {
  const endpoint = dynamodbEndpoint();
  const table = await freshTable(transports.aws4fetch(endpoint), label);
  return { endpoint, table, variables: localDynamoVariables(table, endpoint) };
}

/** Wraps a transport and records every operation sent through it (round-trip counting). */
export function countingTransport(inner: DynamoTransport) {
  const calls: DynamoOperation[] = [];
  const transport: DynamoTransport = (operation, input) => {
    calls.push(operation);
    return inner(operation, input);
  };
  return { transport, calls, reset: () => void calls.splice(0) };
}
