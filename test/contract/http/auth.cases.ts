import { describe, expect, it } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { expectProblem, uniqueId } from './client.js';
import type { SuiteContext } from './context.js';

export function authCases(ctx: SuiteContext): void {
  describe('authentication', () => {
    it('no token: 401 with a bare Bearer challenge', async () => {
      const result = await ctx.client().send('GET', '/v1/conversations');
      expectProblem(result, 401, 'unauthorized');
      expect(result.headers.get('www-authenticate')).toBe('Bearer realm="parley"');
    });

    it('a token in the query string is not accepted', async () => {
      const caller = await ctx.client().user();
      const result = await ctx.client().send('GET', `/v1/conversations?access_token=${caller.token}`);
      expectProblem(result, 401, 'unauthorized');
      expect(result.headers.get('www-authenticate')).toBe('Bearer realm="parley"');
      expect(result.text).not.toContain(caller.token);
    });

    it('another scheme than Bearer is not accepted', async () => {
      const result = await ctx
        .client()
        .send('GET', '/v1/conversations', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expectProblem(result, 401, 'unauthorized');
    });

    it('an expired token: 401 invalid_token with a description', async () => {
      const expired = await ctx.client().as(uniqueId(), { now: new Date(Date.now() - 3 * 3600_000), ttlSeconds: 600 });
      const result = await expired.call('GET', '/v1/conversations');
      expectProblem(result, 401, 'unauthorized');
      expect(result.headers.get('www-authenticate')).toMatch(
        /^Bearer realm="parley", error="invalid_token", error_description="[^"]+"$/,
      );
    });

    it('a tampered signature: 401 invalid_token', async () => {
      const caller = await ctx.client().user();
      const [header, payload, signature = ''] = caller.token.split('.');
      const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      const result = await ctx.client().send('GET', '/v1/conversations', {
        headers: { authorization: `Bearer ${header}.${payload}.${flipped}` },
      });
      expectProblem(result, 401, 'unauthorized');
      expect(result.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it('a token signed with another secret: 401', async () => {
      const token = await signDevToken({ sub: uniqueId(), secret: 'not-the-server-secret-0123456789abcdef' });
      const result = await ctx
        .client()
        .send('GET', '/v1/conversations', { headers: { authorization: `Bearer ${token}` } });
      expectProblem(result, 401, 'unauthorized');
    });

    it('garbage instead of a JWT: 401, and the token is not echoed', async () => {
      const result = await ctx
        .client()
        .send('GET', '/v1/users/me', { headers: { authorization: 'Bearer not.a.jwt-secret123' } });
      expectProblem(result, 401, 'unauthorized');
      expect(result.text).not.toContain('jwt-secret123');
      expect(result.headers.get('www-authenticate')).not.toContain('jwt-secret123');
    });

    it('a valid token is accepted on every /v1 route family', async () => {
      const caller = await ctx.client().user();
      expect((await caller.call('GET', '/v1/conversations')).status).toBe(200);
      expect((await caller.call('GET', `/v1/users/${encodeURIComponent(caller.id)}`)).status).toBe(404);
    });
  });
}
