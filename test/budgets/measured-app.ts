import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { nodePlatform } from '../../adapters/node/deps.js';
import { parseConfig } from '../../src/config.js';
import { createAws4fetchTransport, createDynamoRepository } from '../../src/repository/dynamodb/index.js';
import { createTable } from '../../scripts/db-create.js';
import { API_OPERATIONS, createWorld, type ApiOperation } from './api-operations.js';
import { measuringTransport, type MeasuredCall, type MeasuringOptions } from './measuring-transport.js';

const SECRET = 'bench-secret-bench-secret-bench-secret';

export interface OperationCost {
  name: string;
  kind: ApiOperation['kind'];
  idempotencyKey: boolean;
  /** See `ApiOperation.checksUsers`. */
  checksUsers?: boolean;
  /** See `ApiOperation.repliesReadState`. */
  repliesReadState?: boolean;
  calls: MeasuredCall[];
}

/**
 * The whole app (`createApp` + the DynamoDB backend over aws4fetch) on a fresh table of DynamoDB
 * Local, with a measuring transport under the backend, and the API walk-through run through it:
 * one row per operation with the DynamoDB calls it made. Throws when a step answers another status
 * than expected, so a failed request is never counted as a cheap one.
 */
export async function measureApiOperations(endpoint: string, options: MeasuringOptions = {}): Promise<OperationCost[]> {
  const measured = measuringTransport(
    createAws4fetchTransport({ region: 'us-east-1', endpoint, accessKeyId: 'local', secretAccessKey: 'local' }),
    options,
  );
  const tableName = `parley-budget-${Math.random().toString(36).slice(2, 8)}`;
  await createTable(measured.transport, tableName);
  const config = parseConfig(
    { AUTH_MODE: 'hs256', AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: SECRET },
    nodePlatform('test'),
  );
  const app = createApp({
    config,
    repository: createDynamoRepository({ transport: measured.transport, tableName }),
    log: () => {},
  });
  const world = createWorld({
    fetch: (request) => app.fetch(request),
    token: (sub) => signDevToken({ sub, secret: SECRET }),
  });

  const rows: OperationCost[] = [];
  for (const operation of API_OPERATIONS) {
    measured.take();
    const reply = await operation.run(world);
    const calls = measured.take();
    if (reply.status !== operation.status) {
      throw new Error(
        `${operation.name}: expected ${operation.status}, got ${reply.status} ${JSON.stringify(reply.body)}`,
      );
    }
    if (!operation.setup)
      rows.push({
        name: operation.name,
        kind: operation.kind,
        idempotencyKey: operation.idempotencyKey === true,
        checksUsers: operation.checksUsers === true,
        repliesReadState: operation.repliesReadState === true,
        calls,
      });
  }
  return rows;
}
