// Lambda@Edge has no environment variables, so its configuration is baked into the bundle at build
// time (one build per stage) as the `__PARLEY_EDGE_CONFIG__` constant. It is read here from `EDGE_*`
// variables of the *build* environment — `EDGE_<NAME>` for each of Parley's variables `<NAME>`
// (src/config.ts `ConfigSource`: EDGE_CURSOR_SECRET, EDGE_DYNAMODB_TABLE, …) — which CI fills from
// SSM Parameter Store / its secret store right before `npm run build -- lambda-edge`; nothing
// secret is ever committed. The prefix keeps a developer's own PARLEY_*/AUTH_* variables out of an
// edge bundle.

/** Edge-only build settings, not Parley variables. */
const EDGE_ONLY = {
  /** Tests only: Region → endpoint (e.g. DynamoDB Local), as JSON. */
  EDGE_DYNAMODB_ENDPOINTS: (value) => ({ endpoints: JSON.parse(value) }),
  EDGE_REPLICA_QUARANTINE_SECONDS: (value) => ({ quarantineSeconds: Number(value) }),
  EDGE_REQUEST_TIMEOUT_MS: (value) => ({ requestTimeoutMs: Number(value) }),
};

/**
 * The `EdgeBuildConfig` (adapters/lambda-edge/build-config.ts) for `env`, or `null` when
 * `EDGE_DYNAMODB_TABLE` is unset: such a bundle answers every request with a problem naming what is
 * missing, so `npm run build` still works on a developer machine without edge settings.
 */
export function edgeBuildConfig(env) {
  if (!env.EDGE_DYNAMODB_TABLE) return null;
  const vars = { STORAGE_BACKEND: 'dynamodb', DYNAMODB_REPLICA_REGIONS: 'us-east-1' };
  let dynamodb = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('EDGE_') || value === undefined || value === '') continue;
    if (name in EDGE_ONLY) dynamodb = { ...dynamodb, ...EDGE_ONLY[name](value) };
    else vars[name.slice('EDGE_'.length)] = value;
  }
  return { vars, dynamodb };
}

/** esbuild `define` for the lambda-edge target. */
export function edgeDefine(env) {
  const config = edgeBuildConfig(env);
  if (config === null) {
    console.warn(
      'lambda-edge: EDGE_DYNAMODB_TABLE is not set; the bundle is built unconfigured and will refuse to start',
    );
  }
  return { __PARLEY_EDGE_CONFIG__: JSON.stringify(config) };
}
