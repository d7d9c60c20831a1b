import { describe, expect, it } from 'vitest';
import { expectStatus } from './client.js';
import type { SuiteContext } from './context.js';

/**
 * The browser origin every contract target allows (`CORS_ALLOWED_ORIGINS`), one of the local dev
 * origins `npm run dev` allows (scripts/dev/cors.ts), so the same cases run against a local run.
 */
export const CONTRACT_ORIGIN = 'http://localhost:5173';

export function corsCases(ctx: SuiteContext): void {
  describe('CORS', () => {
    it('a preflight is answered without a token: 204, the origin, methods and headers allowed', async () => {
      const result = await ctx.client().send('OPTIONS', '/v1/conversations', {
        headers: {
          origin: CONTRACT_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, idempotency-key',
        },
      });
      expect(result.status, result.text).toBe(204);
      expect(result.headers.get('access-control-allow-origin')).toBe(CONTRACT_ORIGIN);
      expect(result.headers.get('access-control-allow-methods')).toContain('POST');
      const allowed = (result.headers.get('access-control-allow-headers') ?? '').toLowerCase();
      for (const name of ['authorization', 'content-type', 'idempotency-key', 'if-match', 'if-none-match']) {
        expect(allowed).toContain(name);
      }
      expect(result.headers.get('vary')).toMatch(/origin/i);
    });

    it('an answer to an allowed origin names it and exposes the headers a client reads', async () => {
      const caller = await ctx.client().user();
      const result = await caller.call('GET', '/v1/users/me', { headers: { origin: CONTRACT_ORIGIN } });
      expect(result.status).toBe(404);
      expect(result.headers.get('access-control-allow-origin')).toBe(CONTRACT_ORIGIN);
      const exposed = (result.headers.get('access-control-expose-headers') ?? '').toLowerCase().split(',');
      for (const name of ['etag', 'location', 'x-request-id', 'idempotent-replayed', 'retry-after']) {
        expect(exposed).toContain(name);
      }
      // A 401 reaches the page too, so it can tell "sign in again" from a network failure.
      const unauthorized = await ctx.client().send('GET', '/v1/users/me', { headers: { origin: CONTRACT_ORIGIN } });
      expect(unauthorized.status).toBe(401);
      expect(unauthorized.headers.get('access-control-allow-origin')).toBe(CONTRACT_ORIGIN);
    });

    it('an origin that is not listed gets no Access-Control-Allow-Origin', async () => {
      const preflight = await ctx.client().send('OPTIONS', '/v1/conversations', {
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      const simple = await ctx.client().send('GET', '/health', { headers: { origin: 'https://evil.example' } });
      expectStatus(simple, 200);
      expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
}
