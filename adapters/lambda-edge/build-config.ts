import { ConfigError, type ConfigSource } from '../../src/config.js';

/**
 * Everything a Lambda@Edge bundle is configured with, fixed at build time because Lambda@Edge has no
 * environment variables (only the reserved ones, such as AWS_REGION and the credentials). Written by
 * `scripts/build/lambda-edge-config.mjs` from the build's `EDGE_*` variables.
 */
export interface EdgeBuildConfig {
  /** Parley's shared variables (`PARLEY_STAGE`, `AUTH_*`, `CURSOR_SECRET`, …), validated by `parseConfig`. */
  vars: ConfigSource;
  dynamodb: {
    /** The Global Table's name, the same in every replica Region. */
    tableName: string;
    /** Regions holding a replica; the one nearest to the executing Region is used first. */
    replicas: string[];
    /** Region → endpoint overrides (tests point these at DynamoDB Local). Default: the public endpoint. */
    endpoints?: Record<string, string>;
    /** How long a replica that failed is skipped, in seconds. Default 30. */
    quarantineSeconds?: number;
    /** Per-request timeout towards a replica, so a black-holed Region fails over. Default 3000 ms. */
    requestTimeoutMs?: number;
  };
}

declare const __PARLEY_EDGE_CONFIG__: EdgeBuildConfig | null | undefined;

/** The baked configuration; throws `ConfigError` for a bundle built without `EDGE_TABLE_NAME`. */
export function bakedEdgeConfig(): EdgeBuildConfig {
  const baked = typeof __PARLEY_EDGE_CONFIG__ === 'undefined' ? undefined : __PARLEY_EDGE_CONFIG__;
  if (!baked) {
    throw new ConfigError(
      'this Lambda@Edge bundle was built without configuration: set EDGE_TABLE_NAME, EDGE_REPLICA_REGIONS ' +
        'and the EDGE_* Parley variables when running `npm run build -- lambda-edge` (see docs/edge.md)',
    );
  }
  if (baked.dynamodb.replicas.length === 0) throw new ConfigError('EDGE_REPLICA_REGIONS lists no Region');
  return baked;
}
