/**
 * Creates Parley's table (`src/repository/dynamodb/table.ts`) and turns on its TTL attribute, on
 * DynamoDB Local or any endpoint. Idempotent: an existing table is left as it is.
 *
 *   npm run db:create                                   # DynamoDB Local on 127.0.0.1:8000 (npm run db:local)
 *   npm run db:create -- --endpoint http://127.0.0.1:9000 --table parley-test
 *   npm run db:create -- --aws --region eu-west-1       # the Region's real endpoint, your AWS credentials
 *
 * Options (or env): `--endpoint` (DYNAMODB_ENDPOINT; default `http://127.0.0.1:8000`), `--table`
 * (DYNAMODB_TABLE; default `parley`), `--region` (AWS_REGION; default `us-east-1`), `--aws` (the
 * regional endpoint instead of a local one). A loopback endpoint needs no credentials: dummy keys are
 * used unless AWS_ACCESS_KEY_ID is set (DynamoDB Local checks a signature is there, not whose). Any
 * other endpoint uses AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the container credentials endpoint.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringOptions } from './args.js';
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

/** An endpoint on this machine (`localhost`, 127.0.0.0/8, `[::1]`): the only place dummy credentials are implied. */
export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    const { protocol, hostname } = new URL(endpoint);
    return (
      (protocol === 'http:' || protocol === 'https:') &&
      (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname))
    );
  } catch {
    return false;
  }
}

export interface DbCreateOptions {
  endpoint?: string | undefined;
  table: string;
  region: string;
}

/** `npm run db:create`'s arguments and environment, resolved: where, which table, which Region. */
export function dbCreateOptions(argv: string[], env: Record<string, string | undefined>): DbCreateOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      ...stringOptions('endpoint', 'table', 'region'),
      aws: { type: 'boolean', default: false },
    },
  });
  const region = values.region ?? env.AWS_REGION ?? 'us-east-1';
  const table = values.table ?? env.DYNAMODB_TABLE ?? 'parley';
  if (values.aws) {
    if (values.endpoint) throw new Error('--aws and --endpoint exclude each other');
    return { table, region };
  }
  return { endpoint: values.endpoint ?? env.DYNAMODB_ENDPOINT ?? 'http://127.0.0.1:8000', table, region };
}

/** Create the table as `options` say; returns the line to print. Throws a readable error when the endpoint does not answer. */
export async function dbCreate(options: DbCreateOptions, env: Record<string, string | undefined>): Promise<string> {
  const { endpoint, table, region } = options;
  const local = endpoint !== undefined && isLoopbackEndpoint(endpoint);
  const credentials =
    local && !env.AWS_ACCESS_KEY_ID
      ? credentialsFromEnv({ AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' })
      : credentialsFromEnv(env);
  const transport = createAws4fetchTransport({ region, credentials, ...(endpoint ? { endpoint } : {}) });
  let created: boolean;
  try {
    created = await createTable(transport, table);
  } catch (error) {
    if (local && error instanceof DynamoTransportError && error.code === 'NetworkError') {
      throw new Error(
        `nothing answers on ${endpoint}: start DynamoDB Local first (npm run db:local), or pass --endpoint`,
      );
    }
    throw error;
  }
  return `${created ? 'created' : 'already there'}: ${table} at ${endpoint ?? `the ${region} endpoint`}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(await dbCreate(dbCreateOptions(process.argv.slice(2), process.env), process.env));
  } catch (error) {
    console.error(`npm run db:create: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
