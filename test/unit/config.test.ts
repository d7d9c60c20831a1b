import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

const SECRET = 's'.repeat(32);
const CURSOR = 'c'.repeat(32);

function failure(source: Record<string, string>): string {
  try {
    parseConfig(source, 'test');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('parseConfig accepted an invalid configuration');
}

describe('parseConfig', () => {
  it('defaults to hs256 and fills stage and version', () => {
    expect(parseConfig({ AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR }, 'node')).toEqual({
      stage: 'local',
      target: 'node',
      version: '0.0.0-dev',
      auth: { mode: 'hs256', secret: SECRET },
      cursorSecret: CURSOR,
    });
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
      'lambda',
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
      { AUTH_HS256_SECRET: SECRET, CURSOR_SECRET: CURSOR, AUTH_ISSUER: '', AUTH_AUDIENCE: ' ' },
      't',
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
});
