import { type ConfigPlatform, parseConfig, readSource, type TargetConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/deps.js';
import type { LogSink } from '../../src/http/errors.js';
import { createEmfTelemetry } from '../../src/telemetry/emf.js';
import { createNodeStorage } from './storage.js';
import { EMBEDDED_DOCUMENTS } from '../../src/routes/embedded-documents.js';

/** What the Node server (and the Greengrass component) can store in: memory (default) or DynamoDB. */
export const nodePlatform = (target: string): ConfigPlatform => ({
  target,
  defaultBackend: 'memory',
  backends: { memory: () => [], dynamodb: () => [] },
});

/**
 * The server's `AppDeps` from the process environment; throws one `ConfigError` naming every bad
 * variable. With `lines` (the stdout line writer), each request is one CloudWatch EMF line: on
 * Greengrass the component log, shipped to CloudWatch Logs, becomes metrics (docs/observability.md).
 */
export function createNodeDeps(
  env: Record<string, string | undefined>,
  target: string,
  log?: LogSink,
  lines?: (line: string) => void,
): AppDeps & { config: TargetConfig } {
  const config = parseConfig(readSource(env), nodePlatform(target));
  const storage = createNodeStorage(config.storage, env);
  return {
    config,
    repository: storage.repository,
    ...(log ? { log } : {}),
    ...(storage.counted ? { countedRepository: storage.counted } : {}),
    documents: EMBEDDED_DOCUMENTS,
    ...(lines ? { telemetry: createEmfTelemetry({ stage: config.stage, write: lines }) } : {}),
    ...(storage.health ? { health: storage.health } : {}),
  };
}
