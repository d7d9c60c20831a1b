import { readSource } from '../../src/config.js';

/**
 * The Node server's own settings, read from the process environment next to Parley's shared
 * variables (`src/config.ts`). An empty variable counts as unset (`readSource`): a Greengrass recipe
 * cannot leave a configuration value out, only set it to ''.
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
}

export class NodeEnvError extends Error {
  override readonly name = 'NodeEnvError';
}

/** Read and check the server settings; throws `NodeEnvError` naming the bad variable. */
export function readNodeEnv(raw: Record<string, string | undefined>): NodeServerEnv {
  const env = readSource(raw) as Record<string, string | undefined>;
  return {
    host: env.HOST ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65_535),
    shutdownTimeoutMs: integer(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    target: env.PARLEY_TARGET ?? 'node',
  };
}

function integer(env: Record<string, string | undefined>, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined) return fallback;
  // Greengrass may hand numbers over as floats ("8080.0"); accept those when they are whole.
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new NodeEnvError(`${name} must be a whole number from ${min} to ${max}`);
  }
  return n;
}
