import type { MediaStoreConfig } from '../config.js';
import { type CredentialProvider, staticCredentials } from '../repository/dynamodb/credentials.js';
import { createS3MediaStore, type S3MediaStoreOptions } from './s3-store.js';
import type { MediaStore } from './store.js';

/**
 * The S3-compatible store `MEDIA_*` describe: the configured keys if given, else the platform's
 * (`fallback`: a Lambda role's credentials). Every target builds its store through here.
 */
export function mediaStoreFrom(
  config: MediaStoreConfig | undefined,
  options: { region: string; fallback?: () => CredentialProvider } & Pick<S3MediaStoreOptions, 'postPolicy' | 'fetch'>,
): MediaStore | undefined {
  if (!config) return undefined;
  const credentials = config.keys ? staticCredentials(config.keys) : options.fallback?.();
  if (!credentials) throw new TypeError('MEDIA_ACCESS_KEY_ID and MEDIA_SECRET_ACCESS_KEY are required here');
  return createS3MediaStore({
    bucket: config.bucket,
    region: config.region ?? options.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    credentials,
    ...(options.postPolicy ? { postPolicy: options.postPolicy } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
