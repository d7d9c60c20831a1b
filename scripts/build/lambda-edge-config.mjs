// Lambda@Edge has no environment variables, so its configuration is baked into the bundle at build
// time (one build per stage) as the `__PARLEY_EDGE_CONFIG__` constant. It is read here from
// `EDGE_*` variables of the *build* environment, which CI fills from SSM Parameter Store / its secret
// store right before `npm run build -- lambda-edge`; nothing secret is ever committed.
// The prefix keeps a developer's own PARLEY_*/AUTH_* variables from leaking into an edge bundle.

/** Parley's shared variables (src/config.ts `ConfigSource`), each read as `EDGE_<NAME>`. */
const SHARED = [
  'PARLEY_STAGE',
  'PARLEY_VERSION',
  'AUTH_MODE',
  'AUTH_HS256_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ALGORITHMS',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'AUTH_JWKS_CACHE_SECONDS',
  'CURSOR_SECRET',
];

/**
 * The `EdgeBuildConfig` (adapters/lambda-edge/build-config.ts) for `env`, or `null` when
 * `EDGE_TABLE_NAME` is unset: such a bundle refuses to start with a message naming what is missing,
 * so `npm run build` still works on a developer machine without edge settings.
 */
export function edgeBuildConfig(env) {
  if (!env.EDGE_TABLE_NAME) return null;
  const vars = {};
  for (const name of SHARED) {
    const value = env[`EDGE_${name}`];
    if (value !== undefined && value !== '') vars[name] = value;
  }
  const list = (value) =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    vars,
    dynamodb: {
      tableName: env.EDGE_TABLE_NAME,
      replicas: list(env.EDGE_REPLICA_REGIONS ?? 'us-east-1'),
      // Tests only: Region → endpoint (e.g. DynamoDB Local), as JSON.
      ...(env.EDGE_DYNAMODB_ENDPOINTS ? { endpoints: JSON.parse(env.EDGE_DYNAMODB_ENDPOINTS) } : {}),
      ...(env.EDGE_REPLICA_QUARANTINE_SECONDS
        ? { quarantineSeconds: Number(env.EDGE_REPLICA_QUARANTINE_SECONDS) }
        : {}),
    },
  };
}

/** esbuild `define` for the lambda-edge target. */
export function edgeDefine(env) {
  const config = edgeBuildConfig(env);
  if (config === null) {
    console.warn('lambda-edge: EDGE_TABLE_NAME is not set; the bundle is built unconfigured and will refuse to start');
  }
  return { __PARLEY_EDGE_CONFIG__: JSON.stringify(config) };
}
