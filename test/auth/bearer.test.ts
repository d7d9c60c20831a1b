import { describe, expect, it } from 'vitest';
import { AuthError, bearerChallenge, readBearerToken } from '../../src/auth/index.js';

describe('readBearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['Bearer   abc.def.ghi  ', 'abc.def.ghi'],
    // Junk after the scheme is handed on, so the verifier answers "malformed token".
    ['Bearer not a token', 'not a token'],
  ])('reads %j', (header, token) => {
    expect(readBearerToken(header)).toBe(token);
  });

  it.each([
    [undefined],
    [null],
    [''],
    ['Bearer'],
    ['Bearer    '],
    ['Basic dXNlcjpwYXNz'],
    ['Bearerabc.def.ghi'],
    ['Token abc'],
  ])('finds no bearer token in %j', (header) => {
    expect(readBearerToken(header)).toBeUndefined();
  });
});

describe('bearerChallenge', () => {
  it('has no error code when no token was sent (RFC 6750 §3.1)', () => {
    expect(bearerChallenge()).toBe('Bearer realm="parley"');
  });

  it('names invalid_token and the safe description when a token was rejected', () => {
    expect(bearerChallenge(new AuthError('token expired'))).toBe(
      'Bearer realm="parley", error="invalid_token", error_description="token expired"',
    );
  });
});
