import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus } from './client.js';
import type { SuiteContext } from './context.js';

export function metaCases(ctx: SuiteContext): void {
  describe('meta routes', () => {
    it('GET /health answers without a token', async () => {
      const result = await ctx.client().send('GET', '/health');
      const body = expectStatus(result, 200);
      expect(body).toMatchObject({ status: 'ok' });
      for (const field of ['version', 'target', 'stage', 'storage']) expect(typeof body[field]).toBe('string');
    });

    it('GET /openapi.json serves the OpenAPI 3.1 document with every operation', async () => {
      const body = expectStatus(await ctx.client().send('GET', '/openapi.json'), 200);
      expect(body.openapi).toBe('3.1.0');
      const ids = Object.values(body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) =>
        Object.values(item).map((op) => op.operationId),
      );
      expect(ids).toEqual(
        expect.arrayContaining(['postMessage', 'listMessages', 'putMe', 'addParticipants', 'getHealth']),
      );
    });

    it('GET /docs and /docs/ serve a reference page that loads nothing from another origin', async () => {
      for (const path of ['/docs', '/docs/']) {
        const result = await ctx.client().send('GET', path);
        expect(result.status, path).toBe(200);
        expect(result.headers.get('content-type')).toMatch(/^text\/html/);
        expect(result.text).toContain('openapi.json');
        expect(result.text).not.toMatch(/<script[^>]+src="?(https?:)?\/\//i);
        expect(result.text).not.toMatch(/<link[^>]+href="?(https?:)?\/\//i);
        // A script the page loads from its own origin is served too (Scalar's bundle on Workers).
        for (const src of result.text.matchAll(/<script[^>]+src="([^"]+)"/g)) {
          const script = await ctx.client().send('GET', new URL(src[1] ?? '', 'http://x/docs/').pathname);
          expect(script.status, src[1]).toBe(200);
          expect(script.text.length).toBeGreaterThan(100_000);
        }
      }
    });

    it('every response carries x-request-id; a sane incoming one is echoed', async () => {
      const generated = await ctx.client().send('GET', '/health');
      expect(generated.headers.get('x-request-id')).toMatch(/^[\w.:=-]{8,}$/);
      const echoed = await ctx.client().send('GET', '/health', { headers: { 'x-request-id': 'trace-abc.123' } });
      expect(echoed.headers.get('x-request-id')).toBe('trace-abc.123');
      const unauthorized = await ctx.client().send('GET', '/v1/users/me', { headers: { 'x-request-id': 'trace-401' } });
      expect(unauthorized.headers.get('x-request-id')).toBe('trace-401');
    });

    it('an unsafe incoming x-request-id is replaced', async () => {
      const result = await ctx.client().send('GET', '/health', { headers: { 'x-request-id': 'bad id <script>' } });
      const id = result.headers.get('x-request-id');
      expect(id).toBeTruthy();
      expect(id).not.toContain('<');
      const long = await ctx.client().send('GET', '/health', { headers: { 'x-request-id': 'a'.repeat(500) } });
      expect(long.headers.get('x-request-id')?.length).toBeLessThanOrEqual(128);
    });

    it('an unknown route is a 404 problem', async () => {
      if (ctx.target().ownsAllPaths === false) {
        // Paths outside Parley's own go to the origin on this target (declared ownsAllPaths: false).
        const caller = await ctx.client().user();
        expectProblem(await caller.call('GET', '/v1/nope'), 404, 'not-found');
        return;
      }
      expectProblem(await ctx.client().send('GET', '/nope'), 404, 'not-found');
    });

    it('a known route with another method is 405 with Allow', async () => {
      const caller = await ctx.client().user();
      const result = await caller.call('PUT', '/v1/conversations', { json: {} });
      expectProblem(result, 405, 'method-not-allowed');
      expect(result.headers.get('allow')).toContain('POST');
    });
  });
}
