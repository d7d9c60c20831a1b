/**
 * The Node server's own settings, read from the process environment next to Parley's shared
 * variables (`src/config.ts`). An empty variable counts as unset: a Greengrass recipe cannot leave a
 * configuration value out, only set it to ''.
 */
export interface NodeServerEnv {
  /** `HOST`, default `127.0.0.1`. */
  host: string;
  /** `PORT`, default 3000. */
  port: number;
  /** `SHUTDOWN_TIMEOUT_MS`: how long SIGTERM waits for in-flight requests, default 10 000. */
  shutdownTimeoutMs: number;
  /** `PARLEY_TARGET`, shown by `/health`: `node` (default) or `greengrass`. */
  target: string;
  storage: StorageEnv;
}

export type StorageEnv =
  | { kind: 'memory' }
  | {
      kind: 'dynamodb';
      /** `DYNAMODB_TABLE`. */
      table: string;
      /** `DYNAMODB_REGION`, else `AWS_REGION` (set by Lambda and by the Greengrass nucleus). */
      region: string;
      /** `DYNAMODB_ENDPOINT`, e.g. DynamoDB Local; default the Region's public endpoint. */
      endpoint?: string;
    };

export class NodeEnvError extends Error {
  override readonly name = 'NodeEnvError';
}

/** Drop empty values, so `{ X: '' }` reads as "X not set" everywhere downstream. */
export function withoutEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value.trim() !== '') out[key] = value;
  return out;
}

/** Read and check the server settings; throws `NodeEnvError` naming the bad variable. */
export function readNodeEnv(raw: Record<string, string | undefined>): NodeServerEnv {
  const env = withoutEmpty(raw);
  const storage = (env.PARLEY_STORAGE ?? 'memory').toLowerCase();
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65_535),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    target: env.PARLEY_TARGET ?? 'node',
    storage: storage === 'memory' ? { kind: 'memory' } : dynamoEnv(env, storage),
  };
}

function dynamoEnv(env: Record<string, string>, storage: string): StorageEnv {
  if (storage !== 'dynamodb') throw new NodeEnvError(`PARLEY_STORAGE must be memory or dynamodb, not ${storage}`);
  const table = env.DYNAMODB_TABLE;
  const region = env.DYNAMODB_REGION ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!table) throw new NodeEnvError('DYNAMODB_TABLE is required with PARLEY_STORAGE=dynamodb');
  if (!region) throw new NodeEnvError('DYNAMODB_REGION or AWS_REGION is required with PARLEY_STORAGE=dynamodb');
  return { kind: 'dynamodb', table, region, ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}) };
}

function integer(env: Record<string, string>, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  // Greengrass may hand numbers over as floats ("8080.0"); accept those when they are whole.
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new NodeEnvError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}
