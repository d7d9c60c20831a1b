import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import type { DynamoOperation } from '../../src/repository/dynamodb/index.js';

// The SDK side of the SDK transport, and nothing else: the Lambda build loads this module (and the
// SDK) with `import()` on the first DynamoDB call. It imports no value the handler also bundles, so
// esbuild need not split shared code into chunks the handler would load at every cold start.

/** The SDK command per operation name; the inputs are the same JSON-protocol shapes `src/` builds. */
const commands: Record<DynamoOperation, new (input: never) => object> = {
  GetItem: GetItemCommand,
  PutItem: PutItemCommand,
  DeleteItem: DeleteItemCommand,
  UpdateItem: UpdateItemCommand,
  Query: QueryCommand,
  BatchGetItem: BatchGetItemCommand,
  BatchWriteItem: BatchWriteItemCommand,
  TransactWriteItems: TransactWriteItemsCommand,
  CreateTable: CreateTableCommand,
  DeleteTable: DeleteTableCommand,
  DescribeTable: DescribeTableCommand,
  UpdateTimeToLive: UpdateTimeToLiveCommand,
};

let processClient: DynamoDBClient | undefined;

/**
 * The client of this process, created on first use and reused by every invocation (its Node HTTP
 * handler keeps connections alive by default). `maxAttempts: 1`: the backend owns retries, so they are not
 * multiplied. Region and credentials come from the Lambda environment unless `config` says otherwise;
 * `config` is only read on the first call.
 */
export function processDynamoClient(config: DynamoDBClientConfig = {}): DynamoDBClient {
  processClient ??= new DynamoDBClient({
    maxAttempts: 1,
    // Without timeouts a hung connection would hold the invocation until Lambda kills it.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    ...config,
  });
  return processClient;
}

/**
 * Send one operation as its SDK command, aborted by `signal` (the request's deadline). SDK exceptions are thrown as they are: `mapSdkErrors`
 * (`sdk-errors.ts`) turns them into transport errors.
 */
export async function sendCommand(
  client: DynamoDBClient,
  operation: DynamoOperation,
  input: unknown,
  signal?: AbortSignal,
): Promise<unknown> {
  const Command = commands[operation];
  // The per-command generics are lost in the lookup; the operation name keeps input and output paired.
  return client.send(new Command(input as never) as never, signal ? { abortSignal: signal } : {});
}
