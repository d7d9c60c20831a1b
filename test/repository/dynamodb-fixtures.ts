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

/** Wraps a transport and records every operation sent through it (round-trip counting). */
export function countingTransport(inner: DynamoTransport) {
  const calls: DynamoOperation[] = [];
  const transport: DynamoTransport = (operation, input) => {
    calls.push(operation);
    return inner(operation, input);
  };
  return { transport, calls, reset: () => void calls.splice(0) };
}
