import * as v from 'valibot';

/**
 * Parley's runtime configuration: one typed object, validated once at start-up. Every target fills
 * it from its own single source (Workers vars + secrets, Lambda environment variables, build-time
 * constants on Lambda@Edge, recipe configuration on Greengrass) through `parseConfig`.
 */
export interface ParleyConfig {
  /** Deployment stage, shown by `/health`. */
  stage: string;
  /** Deploy target, shown by `/health`: `cloudflare`, `lambda`, `lambda-edge`, `node`, `greengrass`, `test`. */
  target: string;
  /** Application version, shown by `/health`. */
  version: string;
  auth: AuthConfig;
  /** HMAC key that makes pagination cursors tamper-evident (≥ 32 chars). */
  cursorSecret: string;
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

/** The flat variables every platform provides (names are the same everywhere). */
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
}

/** Blank counts as unset: platforms often render an empty template parameter as "". */
const optionalText = (value: string | undefined): string | undefined => value?.trim() || undefined;
const secret = (name: string) =>
  v.pipe(v.string(`${name} is required`), v.minLength(32, `${name} must be at least 32 characters`));

// Every message names its variable and never echoes the value: a misplaced secret must not reach a log.
const SourceSchema = v.variant(
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
          v.transform((s) =>
            s
              .split(',')
              .map((a) => a.trim())
              .filter(Boolean),
          ),
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

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validate the platform's variables into a `ParleyConfig`. Throws `ConfigError` naming every bad or
 * missing variable (never their values), so a misconfigured deploy fails at start-up, not per request.
 */
export function parseConfig(source: ConfigSource, target: string): ParleyConfig {
  const mode = optionalText(source.AUTH_MODE) ?? 'hs256';
  const parsed = v.safeParse(SourceSchema, { ...source, AUTH_MODE: mode });
  const cursor = v.safeParse(secret('CURSOR_SECRET'), source.CURSOR_SECRET);
  const issues = [...(parsed.issues ?? []), ...(cursor.issues ?? [])];
  if (!parsed.success || !cursor.success) {
    const detail = issues.map(describeIssue).join('; ');
    throw new ConfigError(`invalid configuration: ${detail}`);
  }
  const issuer = optionalText(source.AUTH_ISSUER);
  const audience = optionalText(source.AUTH_AUDIENCE);
  const claims = { ...(issuer ? { issuer } : {}), ...(audience ? { audience } : {}) };
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
    stage: source.PARLEY_STAGE?.trim() || 'local',
    target,
    version: source.PARLEY_VERSION?.trim() || '0.0.0-dev',
    auth,
    cursorSecret: cursor.output,
  };
}

/** valibot words a missing object key as "Invalid key: …"; say which variable is missing instead. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.[0]?.key;
  if (issue.input === undefined && typeof key === 'string') return `${key} is required`;
  return issue.message;
}
