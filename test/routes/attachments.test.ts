import sharp from 'sharp';
import exifr from 'exifr';
import { describe, expect, it } from 'vitest';
import { createSharpCodec } from '../../adapters/node/sharp-codec.js';
import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { variantKey } from '../../src/media/keys.js';
import { createMemoryMediaStore } from '../../src/media/memory-store.js';
import { processUpload } from '../../src/media/processor.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { makeUser } from '../contract/repository/fixtures.js';
import { hs256TestConfig } from '../support/app-config.js';
import { jpegWithGps } from '../support/images.js';

// The whole flow in-process, as a client and the bucket trigger do it: create, upload with the
// returned ticket, the processor settles it, read (download URLs), post a message with it, delete
// the message (its media go). The memory media store checks what a ticket pins (size).
function setup() {
  const { secret, config } = hs256TestConfig('attachments-flow');
  const repository = createMemoryRepository();
  const media = createMemoryMediaStore();
  const logs: Record<string, unknown>[] = [];
  const app = createApp({ config, repository, media, log: (entry) => logs.push(entry) });
  const as =
    (sub: string) =>
    async (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) => {
      const token = await signDevToken({ sub, secret });
      const response = await app.fetch(
        new Request(`http://parley.test${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(json ? { 'content-type': 'application/json' } : {}),
            ...headers,
          },
          ...(json ? { body: JSON.stringify(json) } : {}),
        }),
      );
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    };
  return { repository, media, logs, alice: as('alice'), bob: as('bob') };
}

describe('attachments end to end (in-process)', () => {
  it('upload → ready → message embeds it → tombstone deletes its media', async () => {
    const { repository, media, alice, bob } = setup();
    await repository.saveUser(makeUser({ id: 'bob' }), 'absent'); // a participant must have a profile
    const conversation = (await alice('POST', '/v1/conversations', { participantIds: ['bob'] })).body;
    const photo = await jpegWithGps(640, 480);
    const created = await alice('POST', `/v1/conversations/${conversation.id}/attachments`, {
      mediaType: 'image/jpeg',
      size: photo.length,
      name: 'trip.jpg',
    });
    expect(created.status).toBe(201);
    const { attachment, upload } = created.body;
    expect(() => media.upload(upload, photo.slice(1))).toThrow(/content-length/);
    media.upload(upload, photo);
    const key = `pending/${conversation.id}/${attachment.id}`;
    expect(await processUpload({ repository, media, codec: createSharpCodec(sharp) }, key)).toMatchObject({
      outcome: 'ready',
    });

    const path = `/v1/conversations/${conversation.id}/attachments/${attachment.id}`;
    const read = await bob('GET', path);
    expect(read.status).toBe(200);
    expect(read.body.attachment).toMatchObject({
      state: 'ready',
      width: 640,
      height: 480,
      variants: ['original', 'thumbnail'],
    });
    expect(read.body.urls).toEqual({
      original: expect.stringContaining(`media/${conversation.id}/${attachment.id}/original`),
      thumbnail: expect.stringContaining(`media/${conversation.id}/${attachment.id}/thumbnail`),
      expiresAt: expect.any(String),
    });
    const original = media.objects.get(variantKey(conversation.id, attachment.id, 'original'));
    expect(await exifr.gps(original?.bytes ?? new Uint8Array())).toBeUndefined();

    // Bob cannot attach Alice's upload; Alice can, once.
    const stolen = await bob('POST', `/v1/conversations/${conversation.id}/messages`, {
      body: 'mine',
      attachmentIds: [attachment.id],
    });
    expect(stolen).toMatchObject({
      status: 409,
      body: { errors: [{ pointer: '/attachmentIds/0', detail: expect.stringContaining('someone else') }] },
    });
    const posted = await alice('POST', `/v1/conversations/${conversation.id}/messages`, {
      body: 'look',
      attachmentIds: [attachment.id],
    });
    expect(posted.status).toBe(201);
    expect(posted.body.attachments).toEqual([
      {
        id: attachment.id,
        mediaType: 'image/jpeg',
        name: 'trip.jpg',
        bytes: original?.bytes.length,
        width: 640,
        height: 480,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect((await alice('GET', path)).body.attachment).toMatchObject({
      messageId: posted.body.id,
      expiresAt: null,
      version: 3,
    });
    const twice = await alice('POST', `/v1/conversations/${conversation.id}/messages`, {
      body: 'again',
      attachmentIds: [attachment.id],
    });
    expect(twice).toMatchObject({
      status: 409,
      body: { errors: [{ detail: expect.stringContaining('already on another message') }] },
    });

    const deleted = await alice(
      'DELETE',
      `/v1/conversations/${conversation.id}/messages/${posted.body.id}`,
      undefined,
      { 'if-match': '"1"' },
    );
    expect(deleted.status).toBe(204);
    expect(media.objects.has(variantKey(conversation.id, attachment.id, 'original'))).toBe(false);
    expect(media.objects.has(variantKey(conversation.id, attachment.id, 'thumbnail'))).toBe(false);
  });

  it('a rejected upload reads as rejected with its reason and no URLs, and cannot be posted', async () => {
    const { repository, media, alice } = setup();
    const conversation = (await alice('POST', '/v1/conversations', { participantIds: [] })).body;
    const fake = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>');
    const { attachment, upload } = (
      await alice('POST', `/v1/conversations/${conversation.id}/attachments`, {
        mediaType: 'image/png',
        size: fake.length,
      })
    ).body;
    media.upload(upload, fake);
    await processUpload(
      { repository, media, codec: createSharpCodec(sharp) },
      `pending/${conversation.id}/${attachment.id}`,
    );
    const read = await alice('GET', `/v1/conversations/${conversation.id}/attachments/${attachment.id}`);
    expect(read.body).toEqual({
      attachment: expect.objectContaining({ state: 'rejected', reason: expect.stringContaining('markup') }),
    });
    const post = await alice('POST', `/v1/conversations/${conversation.id}/messages`, {
      body: 'x',
      attachmentIds: [attachment.id],
    });
    expect(post).toMatchObject({ status: 409, body: { errors: [{ detail: expect.stringContaining('is rejected') }] } });
  });

  it('a deployment without a media store answers 503 on the attachment routes', async () => {
    const { secret, config } = hs256TestConfig('attachments-none');
    const app = createApp({ config, repository: createMemoryRepository(), log: () => {} });
    const token = await signDevToken({ sub: 'alice', secret });
    const response = await app.fetch(
      new Request('http://parley.test/v1/conversations/01JD0000000000000000000000/attachments', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mediaType: 'image/png', size: 10 }),
      }),
    );
    expect(response.status).toBe(503);
  });
});
