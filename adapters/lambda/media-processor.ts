import sharp from 'sharp';
import { parseMediaStoreConfig, parseStorageConfig, readSource } from '../../src/config.js';
import { mediaStoreFrom } from '../../src/media/from-config.js';
import { type ProcessOutcome, type ProcessorDeps, processUpload } from '../../src/media/processor.js';
import { credentialsFromEnv } from '../../src/repository/dynamodb/index.js';
import { lazyStart } from '../../src/startup.js';
import { createStorage } from '../../src/storage.js';
import { createSharpCodec } from '../node/sharp-codec.js';
import { aws4fetchTransport } from './aws4fetch-transport.js';
import type { LambdaEnv } from './env.js';
import { createdKeysOf } from './events/s3-upload.js';

/**
 * The media processor function (template.yaml `MediaProcessorFunction`, its own bundle with sharp):
 * an S3 `ObjectCreated` notification on the `pending/` prefix → `processUpload` per key. A record
 * that fails transiently makes the invocation fail (S3 invokes asynchronously: Lambda retries it,
 * and `processUpload` is idempotent, so keys already settled change nothing the second time).
 */
export function createMediaProcessorHandler(build: () => ProcessorDeps | Promise<ProcessorDeps>) {
  const start = lazyStart({ build });
  return async (event: unknown): Promise<{ outcomes: ProcessOutcome[] }> => {
    const deps = await start();
    const outcomes: ProcessOutcome[] = [];
    const failures: unknown[] = [];
    for (const key of createdKeysOf(event)) {
      try {
        const outcome = await processUpload(deps, key);
        outcomes.push(outcome);
        console.log(JSON.stringify({ level: 'info', event: 'media_processed', ...outcome }));
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} upload(s) failed; retrying`);
    return { outcomes };
  };
}

/** From the function's environment: DynamoDB over aws4fetch, the bucket with the role's credentials, sharp. */
export function processorDepsFromEnv(raw: LambdaEnv): ProcessorDeps {
  const env = readSource(raw);
  const storage = createStorage(
    parseStorageConfig(env, { target: 'lambda', defaultBackend: 'dynamodb', backends: { dynamodb: () => [] } }),
    {
      dynamodb: { connect: (region, endpoint) => aws4fetchTransport({ env, region, endpoint }) },
    },
  );
  const media = mediaStoreFrom(parseMediaStoreConfig(env), {
    region: env.AWS_REGION ?? '',
    fallback: () => credentialsFromEnv(raw),
  });
  if (!media) throw new TypeError('MEDIA_BUCKET is required by the media processor');
  return { repository: storage.repository, media, codec: createSharpCodec(sharp) };
}

export const handler = createMediaProcessorHandler(() => processorDepsFromEnv(process.env as LambdaEnv));
