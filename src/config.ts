import * as v from 'valibot';
import { LIMITS } from './domain/rules.js';

/**
 * Parley's runtime configuration: one typed object, validated once at start-up. Every target fills
 * it from its own single source (Workers vars + secrets, Lambda environment variables, build-time
 * constants on Lambda@Edge, recipe configuration on Greengrass) through `readSource` and
 * `parseConfig`, with the same variable names and defaults everywhere.
 */
export interface ParleyConfig {
  /** Deployment stage, shown by `/health`. */
  stage: string;
  /** Deploy target, shown by `/health`: `cloudflare`, `lambda`, `lambda-edge`, `node`, `greengrass`, `test`. */
  target: string;
  /** Application version, shown by `/health`. */
  version: string;
  auth: AuthConfig;
  /** HMAC key that makes pagination cursors (and real-time tickets, under their own scope) tamper-evident (≥ 32 chars). */
  cursorSecret: string;
  /** Attachments: `MEDIA_MAX_BYTES` (default `LIMITS.mediaMaxBytes`, 20 MiB). */
  media?: { maxBytes: number };
  /** Where clients open the real-time WebSocket (`ws:`/`wss:`); unset: the API's own origin, `/v1/realtime/connect`. */
  realtimeUrl?: string;
  /**
   * `CORS_ALLOWED_ORIGINS`: the browser origins (`https://app.example.com`) that may call the API from
   * another origin; empty (the default) answers no cross-origin request. Never `*`.
   */
  corsOrigins?: string[];
}

/** What `parseConfig` reads: the app's configuration and where its data lives (for `createStorage`). */
export interface TargetConfig extends ParleyConfig {
  storage: StorageConfig;
}

export type AuthConfig =
  | {
      mode: 'hs256';
      /** Shared secret for HS256 tokens (local work and tests), ≥ 32 chars. */
      secret: string;
      issuer?: string;
      audience?: string;
    }
  | {
      mode: 'jwks';
      /** JWKS URL of the identity provider, e.g. a Cognito user pool's `/.well-known/jwks.json`. */
      jwksUrl: string;
      /** Accepted algorithms, fixed by config (never taken from the token). */
      algorithms: Array<'RS256' | 'ES256'>;
      issuer?: string;
      audience?: string;
      /** How long fetched keys are trusted before the JWKS is fetched again, in seconds (default 600). */
      cacheSeconds?: number;
    };

export const STORAGE_BACKENDS = ['memory', 'kv', 'dynamodb', 'durable-object'] as const;
export type StorageBackend = (typeof STORAGE_BACKENDS)[number];

/** Where the data lives (`STORAGE_BACKEND` and its settings); the platform supplies the clients. */
export type StorageConfig =
  | { backend: 'memory' }
  | { backend: 'kv' }
  | DurableObjectStorageConfig
  | {
      backend: 'dynamodb';
      /** `DYNAMODB_TABLE`. */
      table: string;
      /** `DYNAMODB_REGION`, else `AWS_REGION`; absent only when `replicaRegions` lists the Regions. */
      region?: string;
      /** `DYNAMODB_REPLICA_REGIONS`: a Global Table's replica Regions; the nearest is used first. */
      replicaRegions: string[];
      /** `DYNAMODB_ENDPOINT`, e.g. DynamoDB Local; default the Region's public endpoint. */
      endpoint?: string;
      /** `DYNAMODB_TRANSPORT`: `sdk` or `aws4fetch`, where the target ships both (Lambda). */
      transport?: string;
    };

/** `STORAGE_BACKEND=durable-object`: SQLite-backed Durable Objects (docs/storage-durable-objects.md). */
export interface DurableObjectStorageConfig {
  backend: 'durable-object';
  /**
   * `DO_LOCATION_HINT`: where new objects are created (a Durable Objects location hint); default
   * none, so each object starts near the request that first touches it. An object never moves.
   */
  locationHint?: DurableObjectLocationHint;
}

/** https://developers.cloudflare.com/durable-objects/reference/data-location/#provide-a-location-hint */
export const DO_LOCATION_HINTS = ['wnam', 'enam', 'sam', 'weur', 'eeur', 'apac', 'oc', 'afr', 'me'] as const;
export type DurableObjectLocationHint = (typeof DO_LOCATION_HINTS)[number];

/** The flat variables every platform provides; the names are the same on every target. */
export interface ConfigSource {
  PARLEY_STAGE?: string | undefined;
  PARLEY_VERSION?: string | undefined;
  /** `hs256` or `jwks`. */
  AUTH_MODE?: string | undefined;
  AUTH_HS256_SECRET?: string | undefined;
  AUTH_JWKS_URL?: string | undefined;
  /** Comma-separated, e.g. `RS256,ES256`. */
  AUTH_ALGORITHMS?: string | undefined;
  AUTH_ISSUER?: string | undefined;
  AUTH_AUDIENCE?: string | undefined;
  AUTH_JWKS_CACHE_SECONDS?: string | undefined;
  CURSOR_SECRET?: string | undefined;
  /** `wss://…`: the real-time WebSocket endpoint (the API Gateway WebSocket stage on AWS); unset: the API's origin. */
  REALTIME_URL?: string | undefined;
  /** `memory`, `kv`, `dynamodb` or `durable-object`; the default depends on the target (`ConfigPlatform.defaultBackend`). */
  STORAGE_BACKEND?: string | undefined;
  DYNAMODB_TABLE?: string | undefined;
  DYNAMODB_REGION?: string | undefined;
  /** Set by Lambda and the Greengrass nucleus; the fallback for `DYNAMODB_REGION`. */
  AWS_REGION?: string | undefined;
  DYNAMODB_REPLICA_REGIONS?: string | undefined;
  DYNAMODB_ENDPOINT?: string | undefined;
  DYNAMODB_TRANSPORT?: string | undefined;
  /** `wnam`, `enam`, `sam`, `weur`, `eeur`, `apac`, `oc`, `afr` or `me`: where new Durable Objects are placed. */
  DO_LOCATION_HINT?: string | undefined;
  /** Largest attachment upload in bytes (default 20 MiB). */
  MEDIA_MAX_BYTES?: string | undefined;
  /** The media bucket (S3 or R2) and, for S3-compatible stores, its endpoint and Region. */
  MEDIA_BUCKET?: string | undefined;
  MEDIA_ENDPOINT?: string | undefined;
  MEDIA_REGION?: string | undefined;
  /** Keys for S3-compatible stores that are not the function's own (R2's S3 API on Workers, local stand-ins). */
  MEDIA_ACCESS_KEY_ID?: string | undefined;
  MEDIA_SECRET_ACCESS_KEY?: string | undefined;
  /** Node and Greengrass: keep media in this directory, served and processed by the server itself. */
  MEDIA_DIRECTORY?: string | undefined;
  /** Node and Greengrass: the server's base URL as clients reach it (default: where it listens). */
  MEDIA_PUBLIC_URL?: string | undefined;
  /** Comma-separated origins (`scheme://host[:port]`) browsers may call the API from; unset = none. */
  CORS_ALLOWED_ORIGINS?: string | undefined;
  /** `npm run dev` on Workers: announce new uploads to the processor's queue (R2 notifications are not emulated); `local` stage only. */
  MEDIA_LOCAL_NOTIFY?: string | undefined;
}

/** Where attachment bytes live (`MEDIA_*`); `undefined` when `MEDIA_BUCKET` is unset (attachment routes answer 503). */
export interface MediaStoreConfig {
  bucket: string;
  endpoint?: string;
  region?: string;
  /** Both or neither: otherwise the platform's own credentials (a Lambda role). */
  keys?: { accessKeyId: string; secretAccessKey: string };
}

export function parseMediaStoreConfig(source: ConfigSource): MediaStoreConfig | undefined {
  if (!source.MEDIA_BUCKET) return undefined;
  const { MEDIA_ACCESS_KEY_ID: accessKeyId, MEDIA_SECRET_ACCESS_KEY: secretAccessKey } = source;
  return {
    bucket: source.MEDIA_BUCKET,
    ...(source.MEDIA_ENDPOINT ? { endpoint: source.MEDIA_ENDPOINT } : {}),
    ...(source.MEDIA_REGION ? { region: source.MEDIA_REGION } : {}),
    ...(accessKeyId && secretAccessKey ? { keys: { accessKeyId, secretAccessKey } } : {}),
  };
}

/** What a target can run, and what only it can check (a binding, credentials, a bundle's transports). */
export interface ConfigPlatform {
  target: string;
  defaultBackend: StorageBackend;
  /**
   * The backends this target can run, each with the target's own checks for it: the problems
   * (variable names, never values) of, say, a missing KV binding or missing credentials.
   */
  backends: Partial<Record<StorageBackend, (storage: StorageConfig) => string[]>>;
}

/**
 * A configuration that cannot work. `problems` name every bad or missing variable, never a value,
 * so a misconfigured deploy is fixed in one round and no secret reaches a log or a response.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** The stage the configuration is for, when known: local and dev stages may show `problems` to clients. */
  readonly stage: string | undefined;
  constructor(
    readonly problems: readonly string[],
    options: { stage?: string } = {},
  ) {
    super(problems.join('; '));
    this.stage = options.stage;
  }
}

/**
 * The platform's variables as a `ConfigSource`: strings only, and blank counts as unset (a
 * CloudFormation parameter or a Greengrass recipe cannot leave a variable out, only set it to '').
 */
export function readSource(env: object): ConfigSource {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string' && value.trim() !== '') out[name] = value;
  }
  return out;
}

/** Stages whose 5xx answers may name configuration variables; every other stage only logs them. */
const LOCAL_STAGES = new Set(['local', 'dev', 'test']);

/** The stage `source` names (default `local`), readable even when the rest of it is invalid. */
export function stageOf(source: ConfigSource): string {
  return source.PARLEY_STAGE ?? 'local';
}

/** Whether clients of `stage` may be told which variables are wrong (local and dev stages). */
export function revealsConfigProblems(stage: string): boolean {
  return LOCAL_STAGES.has(stage);
}

const secret = (name: string) =>
  v.pipe(v.string(`${name} is required`), v.minLength(32, `${name} must be at least 32 characters`));

// Every message names its variable and never echoes the value: a misplaced secret must not reach a log.
const AuthSchema = v.variant(
  'AUTH_MODE',
  [
    v.object({
      AUTH_MODE: v.literal('hs256'),
      AUTH_HS256_SECRET: secret('AUTH_HS256_SECRET'),
    }),
    v.object({
      AUTH_MODE: v.literal('jwks'),
      AUTH_JWKS_URL: v.pipe(v.string('AUTH_JWKS_URL is required in jwks mode'), v.url('AUTH_JWKS_URL must be a URL')),
      AUTH_ALGORITHMS: v.optional(
        v.pipe(
          v.string('AUTH_ALGORITHMS must be a string'),
          v.transform(list),
          v.array(v.picklist(['RS256', 'ES256'], 'AUTH_ALGORITHMS may list RS256 and ES256 only')),
          v.minLength(1, 'AUTH_ALGORITHMS must list at least one algorithm'),
        ),
        'RS256',
      ),
      AUTH_JWKS_CACHE_SECONDS: v.optional(
        v.pipe(
          v.string('AUTH_JWKS_CACHE_SECONDS must be a string'),
          v.transform(Number),
          v.number('AUTH_JWKS_CACHE_SECONDS must be a whole number of seconds ≥ 1'),
          v.integer('AUTH_JWKS_CACHE_SECONDS must be a whole number of seconds ≥ 1'),
          v.minValue(1, 'AUTH_JWKS_CACHE_SECONDS must be a whole number of seconds ≥ 1'),
        ),
      ),
    }),
  ],
  'AUTH_MODE must be hs256 or jwks',
);

/**
 * Validate a target's variables into a `ParleyConfig`. Throws one `ConfigError` listing every bad or
 * missing variable of every part (auth, cursors, storage, and the platform's own checks).
 */
export function parseConfig(source: ConfigSource, platform: ConfigPlatform): TargetConfig {
  const problems: string[] = [];
  const parsed = v.safeParse(AuthSchema, { ...source, AUTH_MODE: source.AUTH_MODE ?? 'hs256' });
  const cursor = v.safeParse(secret('CURSOR_SECRET'), source.CURSOR_SECRET);
  problems.push(...(parsed.issues ?? []).map(describeIssue), ...(cursor.issues ?? []).map(describeIssue));
  const realtimeUrl = source.REALTIME_URL;
  if (realtimeUrl !== undefined && !/^wss?:\/\/[^\s/]+/.test(realtimeUrl))
    problems.push('REALTIME_URL must be a ws:// or wss:// URL');
  const storage = parseStorage(source, platform, problems);
  const maxBytes = Number(source.MEDIA_MAX_BYTES ?? LIMITS.mediaMaxBytes);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1)
    problems.push('MEDIA_MAX_BYTES must be a whole number of bytes ≥ 1');
  if (source.MEDIA_LOCAL_NOTIFY && stageOf(source) !== 'local')
    problems.push('MEDIA_LOCAL_NOTIFY is only for local development (PARLEY_STAGE = "local")');
  const corsOrigins = parseOrigins(source.CORS_ALLOWED_ORIGINS, problems);
  if (!parsed.success || !cursor.success || !storage || !corsOrigins || problems.length > 0)
    throw new ConfigError(problems, { stage: stageOf(source) });
  const claims = {
    ...(source.AUTH_ISSUER ? { issuer: source.AUTH_ISSUER } : {}),
    ...(source.AUTH_AUDIENCE ? { audience: source.AUTH_AUDIENCE } : {}),
  };
  const out = parsed.output;
  const auth: AuthConfig =
    out.AUTH_MODE === 'hs256'
      ? { mode: 'hs256', secret: out.AUTH_HS256_SECRET, ...claims }
      : {
          mode: 'jwks',
          jwksUrl: out.AUTH_JWKS_URL,
          algorithms: out.AUTH_ALGORITHMS as Array<'RS256' | 'ES256'>,
          ...(out.AUTH_JWKS_CACHE_SECONDS ? { cacheSeconds: out.AUTH_JWKS_CACHE_SECONDS } : {}),
          ...claims,
        };
  return {
    stage: stageOf(source),
    target: platform.target,
    version: source.PARLEY_VERSION ?? '0.0.0-dev',
    auth,
    cursorSecret: cursor.output,
    media: { maxBytes },
    ...(realtimeUrl !== undefined ? { realtimeUrl } : {}),
    corsOrigins,
    storage,
  };
}

/**
 * Only the storage part of `parseConfig`, for tools that store without serving (`npm run migrate`):
 * the same variables, defaults and platform checks, without the auth and cursor settings a server needs.
 */
export function parseStorageConfig(source: ConfigSource, platform: ConfigPlatform): StorageConfig {
  const problems: string[] = [];
  const storage = parseStorage(source, platform, problems);
  if (!storage) throw new ConfigError(problems, { stage: stageOf(source) });
  return storage;
}

/**
 * `STORAGE_BACKEND` and its settings, then the platform's own checks for that backend; every
 * problem is pushed onto `problems` (so one round shows them all), and `undefined` returned if any.
 */
function parseStorage(source: ConfigSource, platform: ConfigPlatform, problems: string[]): StorageConfig | undefined {
  const available = Object.keys(platform.backends) as StorageBackend[];
  const name = source.STORAGE_BACKEND ?? platform.defaultBackend;
  const backend = available.find((candidate) => candidate === name);
  if (!backend) {
    problems.push(`STORAGE_BACKEND must be ${available.join(' or ')} on ${platform.target}`);
    return undefined;
  }
  const before = problems.length;
  let storage: StorageConfig = { backend } as StorageConfig;
  if (backend === 'dynamodb') {
    const replicaRegions = list(source.DYNAMODB_REPLICA_REGIONS ?? '');
    const region = source.DYNAMODB_REGION ?? source.AWS_REGION;
    if (!source.DYNAMODB_TABLE) problems.push('DYNAMODB_TABLE is required when STORAGE_BACKEND is dynamodb');
    if (!region && replicaRegions.length === 0) {
      problems.push(
        'DYNAMODB_REGION (or AWS_REGION, or DYNAMODB_REPLICA_REGIONS) is required when STORAGE_BACKEND is dynamodb',
      );
    }
    storage = {
      backend,
      table: source.DYNAMODB_TABLE ?? '',
      ...(region ? { region } : {}),
      replicaRegions,
      ...(source.DYNAMODB_ENDPOINT ? { endpoint: source.DYNAMODB_ENDPOINT } : {}),
      ...(source.DYNAMODB_TRANSPORT ? { transport: source.DYNAMODB_TRANSPORT } : {}),
    };
  }
  if (backend === 'durable-object') {
    const hint = DO_LOCATION_HINTS.find((candidate) => candidate === source.DO_LOCATION_HINT);
    if (source.DO_LOCATION_HINT !== undefined && !hint) {
      problems.push(`DO_LOCATION_HINT must be one of ${DO_LOCATION_HINTS.join(', ')}`);
    }
    storage = { backend, ...(hint ? { locationHint: hint } : {}) };
  }
  problems.push(...(platform.backends[backend]?.(storage) ?? []));
  return problems.length > before ? undefined : storage;
}

/**
 * `CORS_ALLOWED_ORIGINS` as exact origins. `*` is refused: with bearer tokens in browsers, every
 * allowed origin is a decision, and a wildcard would let any page on the web drive a user's token.
 */
function parseOrigins(value: string | undefined, problems: string[]): string[] | undefined {
  const origins = list(value ?? '');
  const bad = origins.filter((origin) => origin === '*' || !/^https?:\/\/[^/\s*]+$/.test(origin));
  if (bad.length === 0) return origins;
  problems.push(
    'CORS_ALLOWED_ORIGINS must list origins such as https://app.example.com (scheme and host, no path, no *)',
  );
  return undefined;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** valibot words a missing object key as "Invalid key: …"; say which variable is missing instead. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.[0]?.key;
  if (issue.input === undefined && typeof key === 'string') return `${key} is required`;
  return issue.message;
}
