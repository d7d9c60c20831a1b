import { describe, expect, it } from 'vitest';
import { expectProblem, expectStatus } from './client.js';
import { type SuiteContext, startConversation } from './context.js';

const jpeg = { mediaType: 'image/jpeg', size: 4096, name: 'photo.jpg' };

/** Targets without a media store declare `media: false` with a reason; their cases are skipped saying so. */
function skipWithoutMedia(ctx: SuiteContext, context: { skip(note: string): void }): void {
  const { media } = ctx.target();
  if (typeof media === 'string') context.skip(`no media store on this target: ${media}`);
}

export function attachmentCases(ctx: SuiteContext): void {
  describe('attachments', () => {
    it('a participant starts an upload: a pending record and an upload credential that expires within 15 minutes', async (context) => {
      skipWithoutMedia(ctx, context);
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const result = await alice.call('POST', `/v1/conversations/${id}/attachments`, { json: jpeg });
      const { attachment, upload } = expectStatus(result, 201);
      expect(attachment).toMatchObject({
        conversationId: id,
        uploaderId: alice.id,
        state: 'pending',
        ...jpeg,
        reason: null,
        variants: [],
        messageId: null,
        version: 1,
      });
      expect(result.headers.get('location')).toBe(`/v1/conversations/${id}/attachments/${attachment.id}`);
      expect(['PUT', 'POST']).toContain(upload.method);
      expect(upload.url).toMatch(/^https?:\/\//);
      const ttl = Date.parse(upload.expiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(15 * 60_000);
      const read = expectStatus(await alice.call('GET', `/v1/conversations/${id}/attachments/${attachment.id}`), 200);
      expect(read).toEqual({ attachment });
    });

    it('an unlisted type is 415, a size above the maximum 413, a size below 1 byte 400', async (context) => {
      skipWithoutMedia(ctx, context);
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const create = (json: unknown) => alice.call('POST', `/v1/conversations/${id}/attachments`, { json });
      expectProblem(await create({ ...jpeg, mediaType: 'text/html' }), 415, 'unsupported-media-type');
      expectProblem(await create({ ...jpeg, mediaType: 'image/svg+xml' }), 415, 'unsupported-media-type');
      expectProblem(await create({ ...jpeg, size: 20 * 1024 * 1024 + 1 }), 413, 'payload-too-large');
      expectProblem(await create({ ...jpeg, size: 0 }), 400, 'validation-failed');
      expect((await create({ ...jpeg, size: 20 * 1024 * 1024 })).status).toBe(201);
      expect((await create({ mediaType: 'application/pdf', size: 10 })).status).toBe(201);
    });

    it('non-participants can neither create nor read (404, same as a missing conversation)', async (context) => {
      skipWithoutMedia(ctx, context);
      const alice = await ctx.client().user();
      const eve = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const created = expectStatus(
        await alice.call('POST', `/v1/conversations/${id}/attachments`, { json: jpeg }),
        201,
      );
      const missing = expectProblem(await eve.call('GET', `/v1/conversations/${id}`), 404);
      const path = `/v1/conversations/${id}/attachments`;
      expect(expectProblem(await eve.call('POST', path, { json: jpeg }), 404)).toEqual(missing);
      expect(expectProblem(await eve.call('GET', `${path}/${created.attachment.id}`), 404)).toEqual(missing);
      expectProblem(await alice.call('GET', `${path}/01JD0000000000000000000000`), 404, 'not-found');
    });

    it('a message may reference only ready attachments of its conversation: 409 names each that is not', async (context) => {
      skipWithoutMedia(ctx, context);
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const { attachment } = expectStatus(
        await alice.call('POST', `/v1/conversations/${id}/attachments`, { json: jpeg }),
        201,
      );
      const unknown = '01JD0000000000000000000000';
      const post = await alice.call('POST', `/v1/conversations/${id}/messages`, {
        json: { body: 'look', attachmentIds: [attachment.id, unknown] },
      });
      const problem = expectProblem(post, 409, 'attachment-not-ready');
      expect(problem.errors).toEqual([
        { pointer: '/attachmentIds/0', detail: expect.stringContaining('is pending') },
        { pointer: '/attachmentIds/1', detail: expect.stringContaining('does not exist') },
      ]);
      const list = expectStatus(await alice.call('GET', `/v1/conversations/${id}/messages`), 200);
      expect(list.items).toEqual([]);
    });

    it('honours Idempotency-Key: a retry answers the same record and upload', async (context) => {
      skipWithoutMedia(ctx, context);
      const alice = await ctx.client().user();
      const { id } = await startConversation(alice, []);
      const send = () =>
        alice.call('POST', `/v1/conversations/${id}/attachments`, {
          json: jpeg,
          headers: { 'idempotency-key': `att-${id}` },
        });
      const first = expectStatus(await send(), 201);
      const again = expectStatus(await send(), 201);
      expect(again).toEqual(first);
    });
  });
}
