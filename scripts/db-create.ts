/**
 * Creates Parley's table (`src/repository/dynamodb/table.ts`) and turns on its TTL attribute, on
 * DynamoDB Local or any endpoint. Idempotent: an existing table is left as it is.
 *
 *   DYNAMODB_ENDPOINT=http://127.0.0.1:8000 DYNAMODB_TABLE=parley npm run db:create
 *
 * Env: DYNAMODB_TABLE (default `parley`), DYNAMODB_ENDPOINT (default: the regional endpoint),
 * AWS_REGION (default `us-east-1`), credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the
 * container endpoint; against a loopback endpoint dummy keys are used when none are set.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createAws4fetchTransport,
  credentialsFromEnv,
  DynamoTransportError,
  tableDefinition,
  TTL_ATTRIBUTE,
  type DynamoTransport,
} from '../src/repository/dynamodb/index.js';

/** CreateTable (unless it exists), wait until ACTIVE, enable TTL. Returns whether it created the table. */
export async function createTable(transport: DynamoTransport, tableName: string): Promise<boolean> {
  let created = true;
  try {
    await transport('CreateTable', tableDefinition(tableName));
  } catch (error) {
    if (!(error instanceof DynamoTransportError && error.code === 'ResourceInUseException')) throw error;
    created = false;
  }
  for (let i = 0; ; i++) {
    const { Table } = await transport('DescribeTable', { TableName: tableName });
    if (Table?.TableStatus === 'ACTIVE') break;
    if (i > 120) throw new Error(`table ${tableName} did not become ACTIVE`);
    await new Promise((r) => setTimeout(r, 500));
  }
  if (created) {
    await transport('UpdateTimeToLive', {
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    });
  }
  return created;
}

async function main(): Promise<void> {
  const env = process.env;
  const tableName = env.DYNAMODB_TABLE ?? 'parley';
  const region = env.AWS_REGION ?? 'us-east-1';
  const endpoint = env.DYNAMODB_ENDPOINT;
  const local = endpoint !== undefined && /^http:\/\/(localhost|127\.|\[::1\])/.test(endpoint);
  const credentials =
    local && !env.AWS_ACCESS_KEY_ID
      ? credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' })
      : credentialsFromEnv(env);
  const transport = createAws4fetchTransport({ region, credentials, ...(endpoint ? { endpoint } : {}) });
  const created = await createTable(transport, tableName);
  console.log(`${created ? 'created' : 'already there'}: ${tableName} at ${endpoint ?? `the ${region} endpoint`}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
