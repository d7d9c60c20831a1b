import { describe, expect, it } from 'vitest';
import { type ConfigPlatform, ConfigError, parseConfig, readSource, revealsConfigProblems } from '../src/config.js';

/** A target offering memory (default) and DynamoDB, whose DynamoDB check always finds one problem. */
const platform = (target = 'test'): ConfigPlatform => ({
  target,
  defaultBackend: 'memory',
  backends: { memory: () => [], dynamodb: () => ['AWS_ACCESS_KEY_ID is required (platform check)'] },
});

const SECRET = 's'.repeat(32);
const CURSOR = 'c'.repeat(32);

function failure(source: Record<string, string>): string {
  try {
    parseConfig(source, platform());
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('parseConfig accepted an invalid configuration');
}

describe('parseConfig', () => {
  it('defaults to hs256 and fills stage and version', () => {
    expect(parseConfig({ AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR }, platform('node'))).toEqual({
      stage: 'local',
      target: 'node',
      version: '0.0.0-dev',
      auth: { mode: 'hs256', secret: SECRET },
      cursorSecret: CURSOR,
      media: { maxBytes: 20 * 1024 * 1024 },
      corsOrigins: [],
      storage: { backend: 'memory' },
    });
  });

  it('reads MEDIA_MAX_BYTES, and names it when it is not a whole number of bytes', () => {
    const source = { AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR };
    expect(parseConfig({ ...source, MEDIA_MAX_BYTES: '1024' }, platform('node')).media).toEqual({ maxBytes: 1024 });
    expect(failure({ ...source, MEDIA_MAX_BYTES: '1.5' })).toMatch(/MEDIA_MAX_BYTES must be a whole number/);
    expect(failure({ ...source, MEDIA_MAX_BYTES: '0' })).toMatch(/MEDIA_MAX_BYTES/);
  });

  it('allows MEDIA_LOCAL_NOTIFY (the npm run dev stand-in for R2 notifications) on the local stage only', () => {
    const source = { AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR, MEDIA_LOCAL_NOTIFY: 'true' };
    expect(() => parseConfig(source, platform('node'))).not.toThrow();
    for (const stage of ['dev', 'staging', 'production'])
      expect(failure({ ...source, PARLEY_STAGE: stage })).toMatch(/MEDIA_LOCAL_NOTIFY is only for local development/);
  });

  it('reads CORS_ALLOWED_ORIGINS as exact origins and refuses * or anything that is not an origin', () => {
    const base = { AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR };
    const origins = 'https://app.example.com, http://localhost:5173';
    expect(parseConfig({ ...base, CORS_ALLOWED_ORIGINS: origins }, platform('node')).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'https://app.example.com/path', 'app.example.com', 'https://*.example.com']) {
      expect(failure({ ...base, CORS_ALLOWED_ORIGINS: bad })).toContain('CORS_ALLOWED_ORIGINS must list origins');
    }
  });

  it('reads jwks mode with algorithms, claims and cache period', () => {
    const config = parseConfig(
      {
        AUTH_MODE: 'jwks',
        AUTH_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
        AUTH_ALGORITHMS: 'RS256, ES256',
        AUTH_ISSUER: 'https://idp.example',
        AUTH_AUDIENCE: 'parley',
        AUTH_JWKS_CACHE_SECONDS: '300',
        CURSOR_SECRET: CURSOR,
        PARLEY_STAGE: 'staging',
      },
      platform('lambda'),
    );
    expect(config.auth).toEqual({
      mode: 'jwks',
      jwksUrl: 'https://idp.example/.well-known/jwks.json',
      algorithms: ['RS256', 'ES256'],
      issuer: 'https://idp.example',
      audience: 'parley',
      cacheSeconds: 300,
    });
    expect(config.stage).toBe('staging');
  });

  it('treats blank issuer and audience as unset', () => {
    const config = parseConfig(
      readSource({ AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR, AUTH_ISSUER: '', AUTH_AUDIENCE: ' ' }),
      platform(),
    );
    expect(config.auth).toEqual({ mode: 'hs256', secret: SECRET });
  });

  it.each([
    [
      { AUTH_HS256_SECRET: 'short-secret-value' },
      ['AUTH_HS256_SECRET must be at least 32', 'CURSOR_SECRET is required'],
    ],
    [{ AUTH_MODE: 'secret-looking-mode', CURSOR_SECRET: CURSOR }, ['AUTH_MODE must be hs256 or jwks']],
    [{ AUTH_MODE: 'jwks', CURSOR_SECRET: CURSOR }, ['AUTH_JWKS_URL is required']],
    [{ AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'not a url', CURSOR_SECRET: CURSOR }, ['AUTH_JWKS_URL must be a URL']],
    [
      { AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://a/b', AUTH_ALGORITHMS: 'HS256', CURSOR_SECRET: CURSOR },
      ['AUTH_ALGORITHMS may list RS256 and ES256 only'],
    ],
    [
      { AUTH_MODE: 'jwks', AUTH_JWKS_URL: 'https://a/b', AUTH_JWKS_CACHE_SECONDS: 'ten', CURSOR_SECRET: CURSOR },
      ['AUTH_JWKS_CACHE_SECONDS must be a whole number'],
    ],
  ])('names every bad variable and never echoes a value (%#)', (source, expected) => {
    const message = failure(source);
    for (const part of expected) expect(message).toContain(part);
    for (const value of Object.values(source)) if (value !== CURSOR) expect(message).not.toContain(value);
  });

  it('reads one storage vocabulary: STORAGE_BACKEND and the DYNAMODB_* variables, DYNAMODB_REGION before AWS_REGION', () => {
    const base = { AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR, STORAGE_BACKEND: 'dynamodb', DYNAMODB_TABLE: 't' };
    const onlyDynamo: ConfigPlatform = { target: 'x', defaultBackend: 'dynamodb', backends: { dynamodb: () => [] } };
    expect(parseConfig({ ...base, DYNAMODB_REGION: 'eu-west-1', AWS_REGION: 'us-east-1' }, onlyDynamo).storage).toEqual(
      {
        backend: 'dynamodb',
        table: 't',
        region: 'eu-west-1',
        replicaRegions: [],
      },
    );
    expect(
      parseConfig({ ...base, AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: 'http://x' }, onlyDynamo).storage,
    ).toEqual({
      backend: 'dynamodb',
      table: 't',
      region: 'us-east-1',
      replicaRegions: [],
      endpoint: 'http://x',
    });
    expect(
      parseConfig({ ...base, DYNAMODB_REPLICA_REGIONS: 'us-east-1, eu-west-1' }, onlyDynamo).storage,
    ).toMatchObject({
      replicaRegions: ['us-east-1', 'eu-west-1'],
    });
  });

  it('gathers storage and platform problems into the same ConfigError as the rest', () => {
    const message = failure({ STORAGE_BACKEND: 'dynamodb' });
    for (const part of [
      'AUTH_HS256_SECRET is required',
      'CURSOR_SECRET is required',
      'DYNAMODB_TABLE is required',
      'DYNAMODB_REGION',
    ]) {
      expect(message).toContain(part);
    }
    const platformOnly = failure({
      AUTH_HS256_SECRET: SECRET,
      CURSOR_SECRET: CURSOR,
      STORAGE_BACKEND: 'dynamodb',
      DYNAMODB_TABLE: 't',
      AWS_REGION: 'r',
    });
    expect(platformOnly).toBe('AWS_ACCESS_KEY_ID is required (platform check)');
    expect(failure({ AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR, STORAGE_BACKEND: 'kv' })).toBe(
      'STORAGE_BACKEND must be memory or dynamodb on test',
    );
  });

  it('ConfigError carries its problems as a list and the stage they are for', () => {
    try {
      parseConfig({ PARLEY_STAGE: 'production' }, platform());
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(['AUTH_HS256_SECRET is required', 'CURSOR_SECRET is required']);
      expect((error as ConfigError).stage).toBe('production');
    }
    expect.assertions(3);
  });

  it('names variables to clients only on local and dev stages', () => {
    for (const stage of ['local', 'dev', 'test']) expect(revealsConfigProblems(stage)).toBe(true);
    for (const stage of ['staging', 'production', 'prod', 'anything']) expect(revealsConfigProblems(stage)).toBe(false);
  });
});
