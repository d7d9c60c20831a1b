import exifr from 'exifr';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSharpCodec } from '../../adapters/node/sharp-codec.js';
import type { Attachment } from '../../src/domain/model.js';
import { uploadKey, variantKey } from '../../src/media/keys.js';
import { createMemoryMediaStore, type MemoryMediaStore } from '../../src/media/memory-store.js';
import { processUpload } from '../../src/media/processor.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import type { Repository } from '../../src/repository/port.js';
import { makeAttachment, makeConversation, newId } from '../contract/repository/fixtures.js';
import { html, jpegWithGps, pdf, png, rotatedJpeg } from '../support/images.js';

let repository: Repository;
let media: MemoryMediaStore;
const codec = createSharpCodec(sharp);
const deps = () => ({ repository, media, codec });

beforeEach(() => {
  repository = createMemoryRepository();
  media = createMemoryMediaStore();
});

/** A pending record for `bytes` as declared (`mediaType`, `size`), and the raw upload in the store. */
async function uploaded(bytes: Uint8Array, declared: Partial<Attachment> = {}): Promise<Attachment> {
  const conversation = makeConversation(newId(), []);
  await repository.createConversation(conversation);
  const attachment = makeAttachment(conversation.id, conversation.createdBy, { size: bytes.length, ...declared });
  await repository.createAttachment(attachment);
  await media.put(uploadKey(attachment.conversationId, attachment.id), bytes, attachment.mediaType);
  return attachment;
}

const stored = (a: Attachment) => repository.getAttachment(a.conversationId, a.id);
const object = (a: Attachment, variant: 'original' | 'thumbnail') =>
  media.objects.get(variantKey(a.conversationId, a.id, variant));

/** Rejected: the record says why, and nothing was derived or kept (the raw upload is gone too). */
async function expectRejected(a: Attachment, reason: RegExp) {
  const outcome = await processUpload(deps(), uploadKey(a.conversationId, a.id));
  expect(outcome).toMatchObject({ outcome: 'rejected', attachmentId: a.id });
  expect(await stored(a)).toMatchObject({ state: 'rejected', reason: expect.stringMatching(reason), version: 2 });
  expect([...media.objects.keys()]).toEqual([]);
}

describe('processUpload', () => {
  it('strips EXIF GPS, re-encodes, makes a thumbnail and records the metadata', async () => {
    const input = await jpegWithGps(1000, 500);
    expect(await exifr.gps(input)).toMatchObject({ latitude: expect.any(Number) });
    const a = await uploaded(input);
    expect(await processUpload(deps(), uploadKey(a.conversationId, a.id))).toEqual({
      outcome: 'ready',
      attachmentId: a.id,
    });
    const original = object(a, 'original');
    const thumbnail = object(a, 'thumbnail');
    if (!original || !thumbnail) throw new Error('variants missing');
    expect(await exifr.gps(original.bytes)).toBeUndefined();
    expect(await exifr.parse(original.bytes)).toBeUndefined();
    expect(original.bytes).not.toEqual(input); // re-encoded: the raw upload is never served
    const thumb = await sharp(thumbnail.bytes).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 320, 160]);
    const record = await stored(a);
    expect(record).toMatchObject({
      state: 'ready',
      width: 1000,
      height: 500,
      bytes: original.bytes.length,
      version: 2,
    });
    expect(record?.variants).toEqual(['original', 'thumbnail']);
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', original.bytes as Uint8Array<ArrayBuffer>));
    expect(record?.sha256).toBe(Buffer.from(digest).toString('hex'));
    expect(media.objects.has(uploadKey(a.conversationId, a.id))).toBe(false);
  });

  it('applies the EXIF orientation (64×48 tagged 6 becomes 48×64) and drops the tag', async () => {
    const a = await uploaded(await rotatedJpeg());
    await processUpload(deps(), uploadKey(a.conversationId, a.id));
    const original = object(a, 'original');
    const meta = await sharp(original?.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation]).toEqual([48, 64, undefined]);
    expect(await stored(a)).toMatchObject({ width: 48, height: 64 });
  });

  it('keeps a small PNG its size (no upscaled thumbnail) and its format', async () => {
    const a = await uploaded(await png(100, 50), { mediaType: 'image/png' });
    await processUpload(deps(), uploadKey(a.conversationId, a.id));
    expect((await sharp(object(a, 'original')?.bytes).metadata()).format).toBe('png');
    expect((await sharp(object(a, 'thumbnail')?.bytes).metadata()).width).toBe(100);
  });

  it('rejects a PNG labelled JPEG', async () => {
    await expectRejected(
      await uploaded(await png(), { mediaType: 'image/jpeg' }),
      /content is image\/png, not image\/jpeg/,
    );
  });

  it('rejects an HTML file labelled image/png', async () => {
    await expectRejected(await uploaded(html, { mediaType: 'image/png' }), /markup or script/);
  });

  it('rejects a truncated JPEG', async () => {
    const whole = await jpegWithGps(800, 600);
    await expectRejected(await uploaded(whole.slice(0, Math.floor(whole.length / 2))), /not a complete image\/jpeg/);
  });

  it('rejects a file larger than declared', async () => {
    const input = await jpegWithGps();
    await expectRejected(
      await uploaded(input, { size: input.length - 1 }),
      /upload is \d+ bytes, but \d+ were declared/,
    );
  });

  it('stores a PDF as it is, with its digest', async () => {
    const a = await uploaded(pdf, { mediaType: 'application/pdf', name: 'doc.pdf' });
    await processUpload(deps(), uploadKey(a.conversationId, a.id));
    expect(object(a, 'original')?.bytes).toEqual(pdf);
    expect(await stored(a)).toMatchObject({ state: 'ready', width: null, variants: ['original'], bytes: pdf.length });
  });

  it('changes nothing on a duplicate event, or on one for a key Parley never handed out', async () => {
    const a = await uploaded(await jpegWithGps());
    const key = uploadKey(a.conversationId, a.id);
    await processUpload(deps(), key);
    const settled = await stored(a);
    const objects = new Map(media.objects);
    expect(await processUpload(deps(), key)).toMatchObject({ outcome: 'ignored', why: 'already ready' });
    expect(await processUpload(deps(), 'pending/evil/../../x')).toMatchObject({ outcome: 'ignored' });
    expect(await stored(a)).toStrictEqual(settled);
    expect(media.objects).toEqual(objects);
  });

  it('an event for a re-uploaded (overwritten) key after settling deletes the stray upload, record unchanged', async () => {
    const a = await uploaded(await jpegWithGps());
    const key = uploadKey(a.conversationId, a.id);
    await processUpload(deps(), key);
    const settled = await stored(a);
    await media.put(key, html, 'image/jpeg');
    expect(await processUpload(deps(), key)).toMatchObject({ outcome: 'ignored' });
    expect(await stored(a)).toStrictEqual(settled);
    expect(media.objects.has(key)).toBe(false);
  });

  it('two deliveries at once settle the record once', async () => {
    const a = await uploaded(await jpegWithGps());
    const key = uploadKey(a.conversationId, a.id);
    const outcomes = await Promise.all([processUpload(deps(), key), processUpload(deps(), key)]);
    expect(outcomes.filter((o) => o.outcome === 'ready')).toHaveLength(1);
    expect(await stored(a)).toMatchObject({ state: 'ready', version: 2 });
  });

  it('a store failure before the state write throws (the platform retries) and leaves the record pending', async () => {
    const a = await uploaded(await jpegWithGps());
    // Fault injection: the store refuses writes once.
    const failing = { ...media, put: async () => Promise.reject(new Error('store down')) };
    await expect(
      processUpload({ repository, media: failing, codec }, uploadKey(a.conversationId, a.id)),
    ).rejects.toThrow('store down');
    expect(await stored(a)).toMatchObject({ state: 'pending', version: 1 });
    expect(media.objects.has(uploadKey(a.conversationId, a.id))).toBe(true);
  });
});
