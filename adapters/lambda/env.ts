import type { ConfigSource } from '../../src/config.js';

/**
 * The environment variables the Lambda target reads: Parley's own (`ConfigSource`), the storage
 * settings, the names of the SSM parameters holding secrets, and what the Lambda runtime sets itself.
 * `template.yaml` sets every variable of the first three groups (a test checks it).
 */
export interface LambdaEnv extends ConfigSource {
  /** SSM SecureString parameter holding `CURSOR_SECRET`; read once per container when that is unset. */
  CURSOR_SECRET_PARAMETER?: string | undefined;
  /** SSM SecureString parameter holding `AUTH_HS256_SECRET` (HS256 mode only). */
  AUTH_HS256_SECRET_PARAMETER?: string | undefined;
  /**
   * The WebSocket API's management endpoint, `https://{api-id}.execute-api.{region}.amazonaws.com/{stage}`:
   * where the real-time functions post frames (`@connections`). Only those functions read it.
   */
  REALTIME_CONNECTIONS_URL?: string | undefined;
  /** Endpoint override for SSM, the variable AWS SDKs honour too. */
  AWS_ENDPOINT_URL_SSM?: string | undefined;
  // Set by the Lambda runtime: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
  AWS_SESSION_TOKEN?: string | undefined;
}

/** The secrets that may come from SSM instead of plain environment variables: variable → parameter variable. */
export const SECRET_PARAMETERS = {
  CURSOR_SECRET: 'CURSOR_SECRET_PARAMETER',
  AUTH_HS256_SECRET: 'AUTH_HS256_SECRET_PARAMETER',
} as const satisfies Record<string, keyof LambdaEnv>;

/**
 * Variables the Lambda runtime sets, that only local runs and tests use, or whose default is the
 * only sensible value on Lambda (the backend is DynamoDB in the function's own Region): never in
 * the template (nor variables of other targets' backends).
 */
type RuntimeOrLocal =
  | 'STORAGE_BACKEND'
  | 'DYNAMODB_REGION'
  | 'DYNAMODB_REPLICA_REGIONS'
  | 'AWS_REGION'
  | 'AWS_ACCESS_KEY_ID'
  | 'AWS_SECRET_ACCESS_KEY'
  | 'AWS_SESSION_TOKEN'
  | 'AWS_ENDPOINT_URL_SSM'
  | 'DYNAMODB_ENDPOINT'
  // S3-compatible stand-ins for local runs (the template's bucket is in the function's Region).
  | 'MEDIA_ENDPOINT'
  | 'MEDIA_REGION'
  | 'MEDIA_ACCESS_KEY_ID'
  | 'MEDIA_SECRET_ACCESS_KEY'
  // Node and Greengrass only.
  | 'MEDIA_DIRECTORY'
  | 'MEDIA_PUBLIC_URL'
  // Cloudflare only (the durable-object backend): never set on Lambda.
  | 'DO_LOCATION_HINT'
  // `npm run dev` on Workers only (stands in for R2 event notifications); refused outside the local stage.
  | 'MEDIA_LOCAL_NOTIFY'
  // The management endpoint: the real-time functions' own (REALTIME_FUNCTION_VARIABLES), not the API's.
  | 'REALTIME_CONNECTIONS_URL';
type TemplateVariable = Exclude<keyof LambdaEnv, RuntimeOrLocal | keyof typeof SECRET_PARAMETERS>;

/** The Parley functions of template.yaml that set variables: the API function and the real-time ones. */
type TemplateFunction = 'api' | 'realtime';
// What `parseConfig` needs on every Parley function that starts the app's config: auth, cursors, table.
const CONFIG = ['api', 'realtime'] as const;
const API = ['api'] as const;

/**
 * Which functions `template.yaml` sets each variable on (checked by test/template.test.ts). The
 * secrets themselves are not here: the template names their SSM parameters instead. A variable
 * added to `ConfigSource` or `LambdaEnv` must get a row (and a template entry): `satisfies` stops
 * compiling until it has one.
 */
const VARIABLE_FUNCTIONS = {
  PARLEY_STAGE: CONFIG,
  PARLEY_VERSION: CONFIG,
  AUTH_MODE: CONFIG,
  AUTH_JWKS_URL: CONFIG,
  AUTH_ALGORITHMS: CONFIG,
  AUTH_ISSUER: CONFIG,
  AUTH_AUDIENCE: CONFIG,
  AUTH_JWKS_CACHE_SECONDS: CONFIG,
  AUTH_HS256_SECRET_PARAMETER: CONFIG,
  CURSOR_SECRET_PARAMETER: CONFIG,
  DYNAMODB_TABLE: CONFIG,
  DYNAMODB_TRANSPORT: CONFIG,
  MEDIA_MAX_BYTES: API,
  MEDIA_BUCKET: API,
  CORS_ALLOWED_ORIGINS: API,
  // The WebSocket API's URL: set, it turns on `POST /v1/realtime/tickets` (tickets point there).
  REALTIME_URL: API,
  // The management endpoint (RealtimeSocketFunction, RealtimeFanOutFunction): no media, CORS or `REALTIME_URL`.
  REALTIME_CONNECTIONS_URL: ['realtime'],
} as const satisfies Record<TemplateVariable | 'REALTIME_CONNECTIONS_URL', readonly TemplateFunction[]>;
type ListedVariable = keyof typeof VARIABLE_FUNCTIONS;

const variablesOf = (target: TemplateFunction): readonly ListedVariable[] =>
  (Object.keys(VARIABLE_FUNCTIONS) as ListedVariable[]).filter((name) =>
    (VARIABLE_FUNCTIONS[name] as readonly TemplateFunction[]).includes(target),
  );

/** Every variable `template.yaml` must set on the API function. */
export const TEMPLATE_VARIABLES = /* @__PURE__ */ variablesOf('api');

/** Every variable the real-time functions have in template.yaml, and no other. */
export const REALTIME_FUNCTION_VARIABLES = /* @__PURE__ */ variablesOf('realtime');
