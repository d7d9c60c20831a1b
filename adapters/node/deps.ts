import {
  type ConfigPlatform,
  parseConfig,
  parseMediaStoreConfig,
  readSource,
  type TargetConfig,
} from '../../src/config.js';
import { mediaStoreFrom } from '../../src/media/from-config.js';
import { createPostPolicy } from '../../src/media/s3-post-policy.js';
import { credentialsFromEnv } from '../../src/repository/dynamodb/credentials.js';
import type { AppDeps } from '../../src/deps.js';
import type { LogSink } from '../../src/http/errors.js';
import { createEmfTelemetry } from '../../src/telemetry/emf.js';
import { createNodeStorage } from './storage.js';

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
  // Any S3-compatible store (MEDIA_ENDPOINT; AWS's when unset): presigned PUTs, or POSTs on AWS itself.
  const mediaConfig = parseMediaStoreConfig(readSource(env));
  const media = mediaStoreFrom(mediaConfig, {
    region: env.AWS_REGION ?? 'us-east-1',
    fallback: () => credentialsFromEnv(env),
    ...(mediaConfig?.endpoint ? {} : { postPolicy: createPostPolicy }),
  });
  return {
    config,
    repository: storage.repository,
    ...(media ? { media } : {}),
    ...(log ? { log } : {}),
    ...(storage.counted ? { countedRepository: storage.counted } : {}),
    ...(lines ? { telemetry: createEmfTelemetry({ stage: config.stage, write: lines }) } : {}),
    ...(storage.health ? { health: storage.health } : {}),
  };
}
