import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Caller, type Result } from '../../contract/http/client.js';
import { usersWithProfiles } from '../../contract/http/context.js';
import { REQUEST_LIMITS } from '../../../src/http/request-limits.js';
import { recordFigures } from '../support/figures.js';
import { expectNoSecrets } from '../support/secrets.js';
import type { HardeningTarget } from '../support/targets.js';

const KIB = 1024;
const oversized = () => JSON.stringify({ body: 'x'.repeat(70 * KIB) });

/**
 * Starts an upload over a real socket, sends `first` and never finishes it: the answer can only
 * come if the server refused the body before reading it whole. Resolves with the status.
 */
export function unfinishedUpload(
  url: string,
  headers: Record<string, string>,
  first: Buffer,
  finish = false,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error('no answer while the upload was still open: the body is being buffered'));
    }, 15_000);
    const req = httpRequest(url, { method: 'POST', headers });
    req.on('response', (res) => {
      clearTimeout(timer);
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    // A server that refuses early may reset the connection while the body is still being written.
    req.on('error', () => undefined);
    req.write(first);
    if (finish) req.end();
  });
}

/**
 * Campaign 6: bodies over 64 KiB (truthful Content-Length, a lying one, none), URLs and headers over
 * the limits, page sizes and participant counts over their caps. `socket` targets also get the
 * never-finished uploads that prove a body is refused before it is buffered whole.
 */
export function describeLimits(setup: () => Promise<HardeningTarget>, options: { socket: boolean }): void {
  describe('campaign 6: limits', () => {
    let target: HardeningTarget;
    let alice: Caller;
    let conversationPath: string;
    const results: Array<[string, number]> = [];
    const check = (label: string, result: Result | number, status: number) => {
      const got = typeof result === 'number' ? result : result.status;
      results.push([label, got]);
      expect(got, `${label}: ${typeof result === 'number' ? '' : result.text.slice(0, 300)}`).toBe(status);
      if (typeof result !== 'number')
        expect(result.headers.get('content-type'), label).toBe('application/problem+json');
    };
    beforeAll(async () => {
      target = await setup();
      alice = await new Client(target).user('alice');
      const created = await alice.call('POST', '/v1/conversations', { json: { participantIds: [] } });
      conversationPath = `/v1/conversations/${created.body.id}`;
    });
    afterAll(async () => {
      expectNoSecrets(target, 'limits');
      await target?.close();
    });

    it('refuses bodies over 64 KiB, whatever Content-Length says', async () => {
      const path = `${conversationPath}/messages`;
      const body = oversized();
      const json = { 'content-type': 'application/json' };
      if (options.socket) {
        // A server that answers early may reset the socket mid-upload, which fetch reports as a
        // failure; a raw request reads the answer regardless.
        const url = `${target.baseUrl!.replace(/\/$/, '')}${path}`;
        const auth = { ...json, authorization: `Bearer ${alice.token}` };
        check(
          'truthful Content-Length',
          await unfinishedUpload(url, { ...auth, 'content-length': String(body.length) }, Buffer.from(body), true),
          413,
        );
        check(
          'no Content-Length (chunked)',
          await unfinishedUpload(url, { ...auth, 'transfer-encoding': 'chunked' }, Buffer.from(body), true),
          413,
        );
      } else {
        check(
          'truthful Content-Length',
          await alice.call('POST', path, { raw: body, headers: { ...json, 'content-length': String(body.length) } }),
          413,
        );
        check(
          'no Content-Length (streamed)',
          await alice.call('POST', path, { raw: new Blob([body]).stream(), headers: json }),
          413,
        );
        // Over a socket the length frames the body; a Request or an event can carry a lying one.
        check(
          'lying Content-Length',
          await alice.call('POST', path, { raw: body, headers: { ...json, 'content-length': '100' } }),
          413,
        );
      }
      const page = await alice.call('GET', `${path}?limit=100`);
      expect(page.body.items).toEqual([]);
    });

    if (options.socket) {
      it('answers 413 while the upload is still open (never buffered whole)', async () => {
        const url = `${target.baseUrl!.replace(/\/$/, '')}${conversationPath}/messages`;
        const auth = { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' };
        check(
          'Content-Length 10 MiB, 70 KiB sent',
          await unfinishedUpload(url, { ...auth, 'content-length': String(10 * KIB * KIB) }, Buffer.from(oversized())),
          413,
        );
        check(
          'chunked, 70 KiB sent, never ended',
          await unfinishedUpload(url, { ...auth, 'transfer-encoding': 'chunked' }, Buffer.from(oversized())),
          413,
        );
      });
    }

    it('answers 414 for a long URL and 431 for large headers', async () => {
      check(
        'URL over the limit',
        await alice.call('GET', `/v1/conversations?cursor=${'a'.repeat(REQUEST_LIMITS.urlChars)}`),
        414,
      );
      check(
        'headers over the limit',
        await alice.call('GET', '/v1/conversations', {
          headers: { 'x-padding': 'p'.repeat(REQUEST_LIMITS.headerBytes) },
        }),
        431,
      );
      const fine = await alice.call('GET', '/v1/conversations', { headers: { 'x-padding': 'p'.repeat(4 * KIB) } });
      expect(fine.status).toBe(200);
    });

    it('caps page sizes and participant counts', async (context) => {
      check('limit=101', await alice.call('GET', '/v1/conversations?limit=101'), 400);
      check('limit=0', await alice.call('GET', `${conversationPath}/messages?limit=0`), 400);
      expect((await alice.call('GET', '/v1/conversations?limit=100')).status).toBe(200);
      const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
      check(
        '257 participants at creation',
        await alice.call('POST', '/v1/conversations', { json: { participantIds: ids(257, 'p') } }),
        400,
      );
      // Participants must have profiles; the over-the-cap lists above and below are refused before any lookup.
      const members = await usersWithProfiles(new Client(target), 255, 'q');
      const participantIds = members.map((member) => member.id);
      const full = await alice.call('POST', '/v1/conversations', { json: { participantIds } });
      expect(full.status, full.text).toBe(201);
      expect(full.body.participantIds).toHaveLength(256);
      check(
        'a 257th participant',
        await alice.call('POST', `/v1/conversations/${full.body.id}/participants`, {
          json: { participantIds: ['one-too-many'] },
        }),
        409,
      );
      const after = await alice.call('GET', `/v1/conversations/${full.body.id}`);
      expect(after.body.participantIds).toHaveLength(256);
      recordFigures(context, 'limits', target.name, { cases: results.length, unexpected: 0 });
    });
  });
}
