import { type ConfigPlatform, parseConfig, readSource, type TargetConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/deps.js';
import type { LogSink } from '../../src/http/errors.js';
import { createNodeStorage } from './storage.js';

/** What the Node server (and the Greengrass component) can store in: memory (default) or DynamoDB. */
export const nodePlatform = (target: string): ConfigPlatform => ({
  target,
  defaultBackend: 'memory',
  backends: { memory: () => [], dynamodb: () => [] },
});

/** The server's `AppDeps` from the process environment; throws one `ConfigError` naming every bad variable. */
export function createNodeDeps(
  env: Record<string, string | undefined>,
  target: string,
  log?: LogSink,
): AppDeps & { config: TargetConfig } {
  const config = parseConfig(readSource(env), nodePlatform(target));
  const storage = createNodeStorage(config.storage, env);
  return {
    config,
    repository: storage.repository,
    ...(log ? { log } : {}),
    ...(storage.health ? { health: storage.health } : {}),
  };
}
