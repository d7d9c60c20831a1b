import { describe, expect, it } from 'vitest';
import { expectProblem } from './client.js';
import type { SuiteContext } from './context.js';

const LIMIT = 64 * 1024;

/** A JSON body of exactly `bytes` bytes: a profile whose displayName pads it out. */
function bodyOfSize(bytes: number): string {
  const base = JSON.stringify({ handle: 'padding_user', displayName: '' });
  return base.replace('"displayName":""', `"displayName":"${'x'.repeat(bytes - base.length)}"`);
}

export function bodyCases(ctx: SuiteContext): void {
  describe('request bodies', () => {
    it.each([
      { name: 'malformed JSON is a 400 malformed-json problem', route: 'PUT /v1/users/me', raw: '{"handle": "abc",' },
      { name: 'an empty body is a 400', route: 'POST /v1/conversations', raw: '' },
      {
        name: 'bytes that are not UTF-8 are a 400',
        route: 'POST /v1/conversations',
        raw: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      },
    ])('$name', async ({ route, raw }) => {
      const caller = await ctx.client().user();
      const [method, path] = route.split(' ') as [string, string];
      const result = await caller.call(method, path, { raw, headers: { 'content-type': 'application/json' } });
      expectProblem(result, 400, 'malformed-json');
    });

    it('a missing or wrong Content-Type is a 415', async () => {
      const caller = await ctx.client().user();
      const json = JSON.stringify({ participantIds: [] });
      expectProblem(
        await caller.call('POST', '/v1/conversations', { raw: json, headers: { 'content-type': 'text/plain' } }),
        415,
        'unsupported-media-type',
      );
      const missing = await caller.call('POST', '/v1/conversations', { raw: new TextEncoder().encode(json) });
      expectProblem(missing, 415, 'unsupported-media-type');
      const latin1 = await caller.call('POST', '/v1/conversations', {
        raw: json,
        headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      });
      expectProblem(latin1, 415, 'unsupported-media-type');
    });

    it('application/json with charset=utf-8 is accepted', async () => {
      const caller = await ctx.client().user();
      const result = await caller.call('POST', '/v1/conversations', {
        raw: JSON.stringify({ participantIds: [] }),
        headers: { 'content-type': 'application/json; charset=UTF-8' },
      });
      expect(result.status, result.text).toBe(201);
    });

    it('a body of exactly 64 KiB is read (and validated); one byte more is 413', async () => {
      const caller = await ctx.client().user();
      const headers = { 'content-type': 'application/json' };
      const atLimit = await caller.call('PUT', '/v1/users/me', { raw: bodyOfSize(LIMIT), headers });
      expectProblem(atLimit, 400, 'validation-failed'); // the displayName is too long, but the body was read
      const over = await caller.call('PUT', '/v1/users/me', { raw: bodyOfSize(LIMIT + 1), headers });
      expectProblem(over, 413, 'payload-too-large');
    });

    it('a streamed body without Content-Length is cut off at 64 KiB', async () => {
      const caller = await ctx.client().user();
      const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 8) return controller.close();
          controller.enqueue(chunk);
          sent++;
        },
      });
      const result = await caller.call('PUT', '/v1/users/me', {
        raw: stream,
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(result, 413, 'payload-too-large');
      // Issue 16 item 8: cutting the upload short must not break the connection the next request
      // takes (under wrangler dev it was answered 503 "Your worker restarted mid-request").
      const next = await caller.call('POST', '/v1/conversations', { json: { participantIds: [] } });
      expect(next.status, next.text).toBe(201);
    });

    it('an unknown field is a 400 naming it by JSON pointer', async () => {
      const caller = await ctx.client().user();
      const result = await caller.call('POST', '/v1/conversations', { json: { participantIds: [], admin: true } });
      const problem = expectProblem(result, 400, 'validation-failed');
      expect(problem.errors).toContainEqual({ pointer: '/admin', detail: expect.any(String) });
    });

    it('wrong types and missing fields list every error', async () => {
      const caller = await ctx.client().user();
      const result = await caller.call('POST', '/v1/conversations', { json: { title: 5 } });
      const problem = expectProblem(result, 400, 'validation-failed');
      const pointers = problem.errors.map((e: { pointer: string }) => e.pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/title', '/participantIds']));
    });

    it('a JSON document that is not an object is a 400', async () => {
      const caller = await ctx.client().user();
      expectProblem(await caller.call('POST', '/v1/conversations', { json: [1, 2] }), 400, 'validation-failed');
      expectProblem(await caller.call('POST', '/v1/conversations', { json: null }), 400, 'validation-failed');
    });
  });
}
