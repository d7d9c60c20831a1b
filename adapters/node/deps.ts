import {
  type ConfigPlatform,
  parseConfig,
  parseMediaStoreConfig,
  readSource,
  type TargetConfig,
} from '../../src/config.js';
import { createHmac } from 'node:crypto';
import { mediaStoreFrom } from '../../src/media/from-config.js';
import { processUpload } from '../../src/media/processor.js';
import { createLazySharpCodec } from './lazy-sharp-codec.js';
import { createDirectoryMedia } from './media-directory.js';
import { createPostPolicy } from '../../src/media/s3-post-policy.js';
import { credentialsFromEnv } from '../../src/repository/dynamodb/credentials.js';
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
/**
 * The base URL the directory store's URLs start with: `MEDIA_PUBLIC_URL`, else the listening URL
 * once the server knows it (`main.ts` sets it).
 */
export const publicUrl = { value: 'http://127.0.0.1:3000' };

export function createNodeDeps(
  env: Record<string, string | undefined>,
  target: string,
  log?: LogSink,
  lines?: (line: string) => void,
): AppDeps & { config: TargetConfig; mediaRequests?: (request: Request) => Promise<Response | null> } {
  const config = parseConfig(readSource(env), nodePlatform(target));
  const storage = createNodeStorage(config.storage, env);
  if (env.MEDIA_DIRECTORY) {
    // A directory served by this server, uploads processed here as soon as they are stored.
    const directory = createDirectoryMedia({
      root: env.MEDIA_DIRECTORY,
      publicUrl: () => publicUrl.value,
      secret: createHmac('sha256', config.cursorSecret).update('parley media URLs').digest('hex'),
      onUploaded: (key) => {
        processUpload({ repository: storage.repository, media: directory.store, codec }, key).then(
          (outcome) => log?.({ level: 'info', event: 'media_processed', ...outcome }),
          (error: unknown) => log?.({ level: 'error', event: 'media_failed', key, error: String(error) }),
        );
      },
    });
    const codec = createLazySharpCodec();
    return {
      config,
      repository: storage.repository,
      media: directory.store,
      mediaRequests: directory.handle,
      ...(log ? { log } : {}),
      ...(storage.counted ? { countedRepository: storage.counted } : {}),
      ...(lines ? { telemetry: createEmfTelemetry({ stage: config.stage, write: lines }) } : {}),
      ...(storage.health ? { health: storage.health } : {}),
    };
  }
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
    documents: EMBEDDED_DOCUMENTS,
    ...(lines ? { telemetry: createEmfTelemetry({ stage: config.stage, write: lines }) } : {}),
    ...(storage.health ? { health: storage.health } : {}),
  };
}
