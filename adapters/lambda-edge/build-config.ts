import { ConfigError, type ConfigSource } from '../../src/config.js';

/**
 * Everything a Lambda@Edge bundle is configured with, fixed at build time because Lambda@Edge has no
 * environment variables (only the reserved ones, such as AWS_REGION and the credentials). Written by
 * `scripts/build/lambda-edge-config.mjs` from the build's `EDGE_*` variables.
 */
export interface EdgeBuildConfig {
  /**
   * Parley's variables (`PARLEY_STAGE`, `AUTH_*`, `CURSOR_SECRET`, `DYNAMODB_TABLE`,
   * `DYNAMODB_REPLICA_REGIONS`, …), validated by `parseConfig` like every target's.
   */
  vars: ConfigSource;
  /** Edge-only settings of the replicated DynamoDB backend. */
  dynamodb: {
    /** Region → endpoint overrides (tests point these at DynamoDB Local). Default: the public endpoint. */
    endpoints?: Record<string, string>;
    /** How long a replica that failed is skipped, in seconds. Default 30. */
    quarantineSeconds?: number;
    /** Per-request timeout towards a replica, so a black-holed Region fails over. Default 3000 ms. */
    requestTimeoutMs?: number;
  };
}

declare const __PARLEY_EDGE_CONFIG__: EdgeBuildConfig | null | undefined;

/** The baked configuration; throws `ConfigError` for a bundle built without `EDGE_DYNAMODB_TABLE`. */
export function bakedEdgeConfig(): EdgeBuildConfig {
  const baked = typeof __PARLEY_EDGE_CONFIG__ === 'undefined' ? undefined : __PARLEY_EDGE_CONFIG__;
  if (!baked) {
    // Only a bundle built on a developer machine lacks it, so the problem may be shown (stage local).
    throw new ConfigError(
      [
        'this Lambda@Edge bundle was built without configuration: set EDGE_DYNAMODB_TABLE, ' +
          'EDGE_DYNAMODB_REPLICA_REGIONS and the EDGE_* Parley variables when running `npm run build -- lambda-edge` ' +
          '(see docs/edge.md)',
      ],
      { stage: 'local' },
    );
  }
  return baked;
}
