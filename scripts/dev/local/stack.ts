import { join } from 'node:path';
import { createTable } from '../../db-create.js';
import { startDynamoLocal } from '../../dynamodb-local.js';
import { createAws4fetchTransport } from '../../../src/repository/dynamodb/index.js';
import { ensureDevVars } from '../dev-vars.js';

/**
 * What the local AWS and Node targets share: DynamoDB Local (started here, in memory or persisted,
 * or one already running), Parley's table on it, and the secrets of `.dev.vars` (created with random
 * values on first use, as `npm run dev` does for wrangler).
 */
export interface LocalStack {
  region: string;
  dynamodb: { endpoint: string; table: string };
  /** Every variable of `.dev.vars` (AUTH_HS256_SECRET, CURSOR_SECRET, anything else set there). */
  devVars: Record<string, string>;
  /** Dummy keys: DynamoDB Local checks that a request is signed, not by whom. Loopback only. */
  credentials: { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string };
  /** Lines for the banner (what was created, where data lives). */
  notes: string[];
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  root: string;
  /** Keep DynamoDB Local's data in this folder across runs. */
  persist?: string;
  /** Use this DynamoDB Local instead of starting one (e.g. `npm run db:local`, or a test run's). */
  dynamodbEndpoint?: string;
  /** Default `parley-local`. */
  table?: string;
  /** The secrets file. Default `<root>/.dev.vars`. */
  devVarsFile?: string;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const notes: string[] = [];
  const { vars, created } = ensureDevVars(options.devVarsFile ?? join(options.root, '.dev.vars'));
  if (created.length > 0) notes.push(`Created .dev.vars with random ${created.join(' and ')}.`);
  const region = 'us-east-1';
  const credentials = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };
  const local = options.dynamodbEndpoint
    ? { endpoint: options.dynamodbEndpoint, stop: async () => undefined }
    : await startDynamoLocal({ ...(options.persist ? { persist: options.persist } : {}) });
  try {
    const table = options.table ?? 'parley-local';
    const transport = createAws4fetchTransport({
      region,
      endpoint: local.endpoint,
      accessKeyId: credentials.AWS_ACCESS_KEY_ID,
      secretAccessKey: credentials.AWS_SECRET_ACCESS_KEY,
    });
    const fresh = await createTable(transport, table);
    const where = options.dynamodbEndpoint
      ? `DynamoDB Local at ${local.endpoint}`
      : options.persist
        ? `DynamoDB Local at ${local.endpoint}, data kept in ${options.persist}`
        : `DynamoDB Local at ${local.endpoint}, in memory (--persist DIR keeps the data)`;
    notes.push(`${where}; table ${table} ${fresh ? 'created' : 'reused'}.`);
    return {
      region,
      dynamodb: { endpoint: local.endpoint, table },
      devVars: vars,
      credentials,
      notes,
      stop: local.stop,
    };
  } catch (error) {
    await local.stop();
    throw error;
  }
}
