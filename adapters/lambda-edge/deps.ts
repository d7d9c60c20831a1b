import { parseConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/deps.js';
import { orderReplicasForRegion } from '../../src/replicas/choose.js';
import { createReplicatedDynamoRepository } from '../../src/replicas/replicated-repository.js';
import {
  createAws4fetchTransport,
  credentialsFromEnv,
  type AwsCredentialEnv,
} from '../../src/repository/dynamodb/index.js';
import type { EdgeBuildConfig } from './build-config.js';

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
  const config = parseConfig(baked.vars, 'lambda-edge');
  const { dynamodb } = baked;
  const credentials = credentialsFromEnv(env);
  const replicated = createReplicatedDynamoRepository({
    tableName: dynamodb.tableName,
    order: orderReplicasForRegion(dynamodb.replicas, env.AWS_REGION),
    connect: (region) =>
      createAws4fetchTransport({
        region,
        credentials,
        // Short, so a black-holed Region fails over well within the 30 s origin-request limit.
        timeoutMs: dynamodb.requestTimeoutMs ?? 3000,
        ...(dynamodb.endpoints?.[region] ? { endpoint: dynamodb.endpoints[region] } : {}),
      }),
    quarantineMs: (dynamodb.quarantineSeconds ?? 30) * 1000,
  });
  return {
    config,
    repository: replicated.repository,
    health: () => ({ executionRegion: env.AWS_REGION ?? null, ...replicated.health() }),
  };
}
