import { describe, expect, it } from 'vitest';
import { problemOf } from '../support/problems.js';
import { readJsonBody } from '../../src/http/body.js';
import { HttpProblem } from '../../src/http/problem.js';

const json = { 'content-type': 'application/json' };

/** A body stream that counts how many chunks were pulled from it. */
function countingStream(chunks: number, chunkSize: number) {
  const state = { pulled: 0, cancelled: false };
  const chunk = new Uint8Array(chunkSize).fill(0x20);
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled >= chunks) return controller.close();
        state.pulled++;
        controller.enqueue(chunk);
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 }, // no read-ahead: every pull is a read by the code under test
  );
  return { stream, state };
}

const post = (body: BodyInit | null, headers: Record<string, string>) =>
  new Request('http://x/', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('readJsonBody', () => {
  it('parses a JSON body at the limit', async () => {
    const text = JSON.stringify({ a: 'x'.repeat(90) });
    expect(await readJsonBody(post(text, json), text.length)).toEqual({ a: 'x'.repeat(90) });
  });

  it('refuses an over-long Content-Length before reading anything', async () => {
    const { stream, state } = countingStream(100, 1024);
    const problem = await problemOf(readJsonBody(post(stream, { ...json, 'content-length': '102400' }), 1024));
    expect(problem.status).toBe(413);
    expect(state.pulled).toBe(0);
  });

  it('stops reading a stream without Content-Length as soon as it passes the limit', async () => {
    const { stream, state } = countingStream(1000, 1024);
    const request = post(stream, json);
    const problem = await problemOf(readJsonBody(request, 4096));
    expect(problem.status).toBe(413);
    // 4 chunks fit, the 5th passes the limit: nothing more is read. The stream is released, not
    // cancelled, so the platform adapter may drain the rest (adapters/cloudflare/drain-unread.ts).
    expect(state.pulled).toBe(5);
    expect(state.cancelled).toBe(false);
    expect(request.body?.locked).toBe(false);
  });

  it('refuses a non-numeric Content-Length', async () => {
    expect((await problemOf(readJsonBody(post('{}', { ...json, 'content-length': 'abc' })))).slug).toBe(
      'invalid-header',
    );
  });

  it('accepts application/json with UTF-8 charset and +json types; refuses others with 415', async () => {
    expect(await readJsonBody(post('{}', { 'content-type': 'application/json;charset="UTF-8"' }))).toEqual({});
    expect(await readJsonBody(post('{}', { 'content-type': 'application/merge-patch+json' }))).toEqual({});
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      'json',
    ]) {
      expect((await problemOf(readJsonBody(post('{}', { 'content-type': type })))).status).toBe(415);
    }
    expect((await problemOf(readJsonBody(post(new Uint8Array([0x7b, 0x7d]), {})))).status).toBe(415);
  });

  it('refuses empty bodies, bad UTF-8 and malformed JSON with 400 malformed-json', async () => {
    for (const body of ['', '{"a":', 'undefined', new Uint8Array([0x22, 0xc3, 0x28, 0x22])]) {
      expect((await problemOf(readJsonBody(post(body, json)))).slug).toBe('malformed-json');
    }
  });
});
