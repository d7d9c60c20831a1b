/**
 * The slice of DynamoDB's JSON protocol (API version 2012-08-10) this backend speaks, written by hand
 * so `src/` needs no AWS SDK. Field names and shapes are the wire format; only what Parley uses is
 * declared. Reference: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
 */

/** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeValue.html (no binary or set types). */
export type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: AttributeMap };

export type AttributeMap = Record<string, AttributeValue>;

interface Conditional {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ReturnValuesOnConditionCheckFailure?: 'ALL_OLD' | 'NONE';
}

export interface GetItemInput {
  TableName: string;
  Key: AttributeMap;
  ConsistentRead?: boolean;
}
export interface PutItemInput extends Conditional {
  TableName: string;
  Item: AttributeMap;
}
export interface DeleteItemInput extends Conditional {
  TableName: string;
  Key: AttributeMap;
}
export interface UpdateItemInput extends Conditional {
  TableName: string;
  Key: AttributeMap;
  UpdateExpression: string;
}
export interface ConditionCheckInput extends Conditional {
  TableName: string;
  Key: AttributeMap;
  ConditionExpression: string;
}

/** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html */
export interface QueryInput {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: AttributeMap;
  ScanIndexForward?: boolean;
  Limit?: number;
  ExclusiveStartKey?: AttributeMap;
  ConsistentRead?: boolean;
  /** Only these attributes come back (the read still costs the whole items). */
  ProjectionExpression?: string;
}
export interface QueryOutput {
  Items?: AttributeMap[];
  LastEvaluatedKey?: AttributeMap;
}

/** One action of https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItem.html */
export type TransactWriteItem =
  | { Put: PutItemInput }
  | { Delete: DeleteItemInput }
  | { Update: UpdateItemInput }
  | { ConditionCheck: ConditionCheckInput };

export interface TransactWriteItemsInput {
  TransactItems: TransactWriteItem[];
  /** Makes a retried call idempotent for 10 minutes, so a retry after a lost response is not a conflict. */
  ClientRequestToken?: string;
}

export interface BatchGetItemInput {
  RequestItems: Record<string, { Keys: AttributeMap[]; ConsistentRead?: boolean }>;
}
export interface BatchGetItemOutput {
  Responses?: Record<string, AttributeMap[]>;
  UnprocessedKeys?: BatchGetItemInput['RequestItems'];
}

export type WriteRequest = { PutRequest: { Item: AttributeMap } } | { DeleteRequest: { Key: AttributeMap } };
export interface BatchWriteItemInput {
  RequestItems: Record<string, WriteRequest[]>;
}
export interface BatchWriteItemOutput {
  UnprocessedItems?: Record<string, WriteRequest[]>;
}

/** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html (the fields Parley sets). */
export interface CreateTableInput {
  TableName: string;
  BillingMode: 'PAY_PER_REQUEST';
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: 'S' | 'N' }>;
  KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
  GlobalSecondaryIndexes?: Array<{
    IndexName: string;
    KeySchema: Array<{ AttributeName: string; KeyType: 'HASH' | 'RANGE' }>;
    Projection: { ProjectionType: 'KEYS_ONLY' | 'ALL' | 'INCLUDE'; NonKeyAttributes?: string[] };
  }>;
}

/** Every operation a transport must carry, with its input and output. */
export interface DynamoOperations {
  GetItem: { input: GetItemInput; output: { Item?: AttributeMap } };
  PutItem: { input: PutItemInput; output: object };
  DeleteItem: { input: DeleteItemInput; output: object };
  UpdateItem: { input: UpdateItemInput; output: object };
  Query: { input: QueryInput; output: QueryOutput };
  BatchGetItem: { input: BatchGetItemInput; output: BatchGetItemOutput };
  BatchWriteItem: { input: BatchWriteItemInput; output: BatchWriteItemOutput };
  TransactWriteItems: { input: TransactWriteItemsInput; output: object };
  // Table administration, used by `npm run db:create` and the tests.
  CreateTable: { input: CreateTableInput; output: object };
  DeleteTable: { input: { TableName: string }; output: object };
  DescribeTable: { input: { TableName: string }; output: { Table?: { TableStatus?: string } } };
  UpdateTimeToLive: {
    input: { TableName: string; TimeToLiveSpecification: { AttributeName: string; Enabled: boolean } };
    output: object;
  };
}

export type DynamoOperation = keyof DynamoOperations;

/**
 * Sends one operation and resolves with its output, or rejects with a `DynamoTransportError`. A
 * transport does not retry: the backend owns retries, so they are not multiplied. `call.signal`, when
 * given, aborts the call (the request's deadline); a transport that cannot abort may ignore it.
 */
export type DynamoTransport = <Op extends DynamoOperation>(
  operation: Op,
  input: DynamoOperations[Op]['input'],
  call?: TransportCall,
) => Promise<DynamoOperations[Op]['output']>;

/** Per-call options a transport receives from the backend. */
export interface TransportCall {
  /** Aborted when the request's deadline passes. */
  signal?: AbortSignal;
}

/** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CancellationReason.html */
export interface CancellationReason {
  /** `None`, `ConditionalCheckFailed`, `TransactionConflict`, `ThrottlingError`, `ValidationError`, … */
  Code?: string;
  Message?: string;
  /** The item as stored, when the action asked for `ReturnValuesOnConditionCheckFailure: ALL_OLD`. */
  Item?: AttributeMap;
}

/**
 * The one error shape both transports reject with. `code` is DynamoDB's error name (the part after
 * `#` in the JSON `__type`, or the SDK exception's `name`), or `NetworkError` when no response came.
 */
export class DynamoTransportError extends Error {
  override readonly name = 'DynamoTransportError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: {
      /** HTTP status, absent for network failures. */
      status?: number;
      /** `TransactionCanceledException`: one reason per action, in request order. */
      cancellationReasons?: CancellationReason[];
      /** `ConditionalCheckFailedException` with `ReturnValuesOnConditionCheckFailure: ALL_OLD`. */
      item?: AttributeMap;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}
