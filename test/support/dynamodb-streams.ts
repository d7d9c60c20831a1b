import { AwsClient } from 'aws4fetch';
import type { StreamRecordLike } from '../../src/realtime/stream-changes.js';
import { tableDefinition } from '../../src/repository/dynamodb/table.js';
import { LOCAL_KEYS, REGION, transports } from '../repository/dynamodb-fixtures.js';

// DynamoDB Local's own DynamoDB Streams API (same endpoint, `DynamoDBStreams_20120810.*` targets):
// what feeds the fan-out function in the tests, as the event source mapping feeds it on AWS.
const streams = new AwsClient({ ...LOCAL_KEYS, service: 'dynamodb', region: REGION, retries: 0 });

async function streamsCall<T>(endpoint: string, operation: string, input: unknown): Promise<T> {
  const response = await streams.fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDBStreams_20120810.${operation}` },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${operation}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Every record of the table's stream so far, in shard order. */
export async function readStream(endpoint: string, table: string): Promise<StreamRecordLike[]> {
  const transport = transports.aws4fetch(endpoint);
  const described = (await transport('DescribeTable', { TableName: table })) as {
    Table?: { LatestStreamArn?: string };
  };
  const StreamArn = described.Table?.LatestStreamArn;
  const { StreamDescription } = await streamsCall<{ StreamDescription: { Shards: Array<{ ShardId: string }> } }>(
    endpoint,
    'DescribeStream',
    { StreamArn },
  );
  const records: StreamRecordLike[] = [];
  for (const { ShardId } of StreamDescription.Shards) {
    let { ShardIterator } = await streamsCall<{ ShardIterator?: string }>(endpoint, 'GetShardIterator', {
      StreamArn,
      ShardId,
      ShardIteratorType: 'TRIM_HORIZON',
    });
    for (let i = 0; ShardIterator && i < 10; i++) {
      const page: { Records: StreamRecordLike[]; NextShardIterator?: string } = await streamsCall(
        endpoint,
        'GetRecords',
        { ShardIterator },
      );
      records.push(...page.Records);
      if (page.Records.length === 0) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  return records;
}

/** Parley's table with the stream the fan-out needs (`NEW_AND_OLD_IMAGES`). */
export async function createStreamTable(endpoint: string, table: string): Promise<void> {
  await transports.aws4fetch(endpoint)('CreateTable', {
    ...tableDefinition(table),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  } as ReturnType<typeof tableDefinition>);
}
