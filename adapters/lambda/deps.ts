import { parseConfig, parseMediaStoreConfig, readSource } from '../../src/config.js';
import { mediaStoreFrom } from '../../src/media/from-config.js';
import { createPostPolicy } from '../../src/media/s3-post-policy.js';
import { credentialsFromEnv } from '../../src/repository/dynamodb/credentials.js';
import type { AppDeps } from '../../src/deps.js';
import type { DynamoTransport } from '../../src/repository/dynamodb/index.js';
import { createStorage } from '../../src/storage.js';
import { createEmfTelemetry } from '../../src/telemetry/emf.js';
import { writeStdoutLine } from './stdout-line.js';
import type { LambdaEnv } from './env.js';
import { resolveSecrets } from './ssm-secrets.js';

/** Builds a DynamoDB transport for one Region; the one `DYNAMODB_TRANSPORT` names is used. */
export type TransportFactory = (options: {
  env: LambdaEnv;
  region: string;
  endpoint: string | undefined;
}) => DynamoTransport;
export type TransportName = 'sdk' | 'aws4fetch';

/**
 * The function's `AppDeps` from its environment: secrets read from SSM where the template names a
 * parameter, everything validated by `parseConfig` (one `ConfigError` naming every bad variable),
 * and the DynamoDB backend over the transport `DYNAMODB_TRANSPORT` selects (default `sdk`, or the
 * only one this bundle has).
 */
export async function createLambdaDeps(
  rawEnv: LambdaEnv,
  transports: Partial<Record<TransportName, TransportFactory>>,
): Promise<AppDeps> {
  const env = await resolveSecrets(readSource(rawEnv));
  const available = Object.keys(transports) as TransportName[];
  const config = parseConfig(env, {
    target: 'lambda',
    defaultBackend: 'dynamodb',
    backends: {
      dynamodb: (storage) =>
        storage.backend === 'dynamodb' && storage.transport && !available.includes(storage.transport as TransportName)
          ? [`DYNAMODB_TRANSPORT must be one of ${available.join(', ')} in this bundle`]
          : [],
    },
  });
  const name =
    (config.storage.backend === 'dynamodb' && config.storage.transport) ||
    (available.includes('sdk') ? 'sdk' : available[0]);
  const factory = transports[name as TransportName];
  if (!factory) throw new TypeError('a Lambda bundle must ship at least one DynamoDB transport');
  const storage = createStorage(config.storage, {
    dynamodb: { connect: (region, endpoint) => factory({ env, region, endpoint }) },
  });
  // The function's own bucket, with its role's credentials: presigned POSTs (a policy bounds the size).
  const media = mediaStoreFrom(parseMediaStoreConfig(env), {
    region: env.AWS_REGION ?? '',
    fallback: () => credentialsFromEnv(env),
    postPolicy: createPostPolicy,
  });
  return {
    config,
    repository: storage.repository,
    ...(media ? { media } : {}),
    ...(storage.counted ? { countedRepository: storage.counted } : {}),
    // The WebSocket API (template.yaml RealtimeApi) holds the connections; without its URL, no tickets (404).
    ...(config.realtimeUrl ? { realtime: true } : {}),
    telemetry: createEmfTelemetry({ stage: config.stage, write: writeStdoutLine }),
  };
}
