import { describe, expect, it } from 'vitest';
import { jsonReply, sentText, toResponse } from '../../src/http/reply.js';

describe('toResponse and sentText', () => {
  it('builds the response from the reply, extra headers winning', async () => {
    const response = toResponse(jsonReply(201, { a: 1 }, { etag: '"1"' }), { etag: '"2"', 'x-request-id': 'r' });
    expect(response.status).toBe(201);
    expect(Object.fromEntries(response.headers)).toEqual({
      'content-type': 'application/json',
      etag: '"2"',
      'x-request-id': 'r',
    });
    expect(await response.text()).toBe('{"a":1}');
  });

  it('gives back the text a response was made from while its stream is unread', () => {
    const response = toResponse(jsonReply(200, { items: [1, 2] }));
    expect(sentText(response)).toBe('{"items":[1,2]}');
    // Asking does not consume the body: it can still be read as usual.
    expect(response.bodyUsed).toBe(false);
  });

  it('knows nothing of a response whose stream was read, nor of one it did not make', async () => {
    const read = toResponse(jsonReply(200, { a: 1 }));
    await read.text();
    expect(sentText(read)).toBeUndefined();
    expect(sentText(new Response('{"a":1}'))).toBeUndefined();
    // A wrapper that rebuilds the response (new headers, same body) is another response: read it as a stream.
    const rebuilt = toResponse(jsonReply(200, { a: 1 }));
    expect(sentText(new Response(rebuilt.body, rebuilt))).toBeUndefined();
  });

  it('has nothing for a reply without a body', () => {
    expect(sentText(toResponse({ status: 204, headers: {}, body: null }))).toBeUndefined();
  });
});
