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
import {
  DynamoTransportError,
  type DynamoOperation,
  type DynamoTransport,
} from '../../src/repository/dynamodb/index.js';

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
 * A `DynamoTransport` over the AWS SDK v3 client: the command is chosen by operation name, and SDK
 * exceptions become `DynamoTransportError`s of the same shape the aws4fetch transport produces.
 */
export function createSdkTransport(client: DynamoDBClient = processDynamoClient()): DynamoTransport {
  return async (operation, input) => {
    const Command = commands[operation];
    try {
      // The per-command generics are lost in the lookup; the operation name keeps input and output paired.
      return (await client.send(new Command(input as never) as never)) as never;
    } catch (error) {
      throw toTransportError(operation, error);
    }
  };
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: unknown[];
  Item?: unknown;
}

function toTransportError(operation: string, error: unknown): DynamoTransportError {
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  // No HTTP status: the request never got an answer (refused, reset, timed out).
  if (status === undefined) {
    return new DynamoTransportError('NetworkError', `DynamoDB ${operation}: no response`, { cause: error });
  }
  return new DynamoTransportError(e.name ?? `HTTP${status}`, e.message ?? String(e.name), {
    status,
    cause: error,
    ...(Array.isArray(e.CancellationReasons) ? { cancellationReasons: e.CancellationReasons as never } : {}),
    ...(e.Item && typeof e.Item === 'object' ? { item: e.Item as never } : {}),
  });
}
