import { parseConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/deps.js';
import { orderReplicasForRegion } from '../../src/replicas/choose.js';
import {
  type AwsCredentialEnv,
  createAws4fetchTransport,
  credentialsFromEnv,
} from '../../src/repository/dynamodb/index.js';
import { createStorage } from '../../src/storage.js';
import { createEmfTelemetry } from '../../src/telemetry/emf.js';
import { writeStdoutLine } from '../lambda/stdout-line.js';
import type { EdgeBuildConfig } from './build-config.js';
import { EMBEDDED_DOCUMENTS } from '../../src/routes/embedded-documents.js';

/**
 * The reserved variables Lambda@Edge does set (user-defined ones are not supported): the Region the
 * replica runs in, and the execution role's temporary credentials.
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export interface EdgeRuntimeEnv extends AwsCredentialEnv {
  AWS_REGION?: string | undefined;
}

/** Build the app's dependencies from the baked config and the runtime's reserved variables. */
export function createEdgeDeps(baked: EdgeBuildConfig, env: EdgeRuntimeEnv): AppDeps {
  const config = parseConfig(baked.vars, {
    target: 'lambda-edge',
    defaultBackend: 'dynamodb',
    backends: {
      dynamodb: (storage) =>
        storage.backend === 'dynamodb' && storage.replicaRegions.length === 0
          ? ['DYNAMODB_REPLICA_REGIONS must list the Global Table replicas']
          : [],
    },
  });
  const { dynamodb } = baked;
  const credentials = credentialsFromEnv(env);
  const storage = createStorage(config.storage, {
    dynamodb: {
      connect: (region) =>
        createAws4fetchTransport({
          region,
          credentials,
          // Short, so a black-holed Region fails over well within the 30 s origin-request limit.
          timeoutMs: dynamodb.requestTimeoutMs ?? 3000,
          ...(dynamodb.endpoints?.[region] ? { endpoint: dynamodb.endpoints[region] } : {}),
        }),
      nearestFirst: (replicas) => orderReplicasForRegion(replicas, env.AWS_REGION),
      quarantineMs: (dynamodb.quarantineSeconds ?? 30) * 1000,
    },
  });
  return {
    config,
    repository: storage.repository,
    ...(storage.counted ? { countedRepository: storage.counted } : {}),
    documents: EMBEDDED_DOCUMENTS,
    // Lambda@Edge writes its logs in the Region that ran it; EMF lines become metrics there.
    telemetry: createEmfTelemetry({ stage: config.stage, write: writeStdoutLine }),
    health: () => ({ executionRegion: env.AWS_REGION ?? null, ...storage.health?.() }),
  };
}
