import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import exifr from 'exifr';
import { Miniflare } from 'miniflare';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../../src/domain/model.js';
import { uploadKey, variantKey } from '../../../src/media/keys.js';
import { attachmentKey } from '../../../src/repository/kv/keys.js';
import { makeAttachment, newId } from '../../contract/repository/fixtures.js';
import { html, jpegWithGps, rotatedJpeg } from '../../support/images.js';

// The processor Worker as built, in workerd: R2, a real Queue (producer → consumer), the Images
// binding (Miniflare performs it with sharp) and KV for the records. R2 event notifications are not
// emulated locally, so the test sends the documented message shape to the queue, as R2 would.
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/events/r2/${name}`, import.meta.url), 'utf8'));
let mf: Miniflare;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-media-worker-'));
  const outfile = join(dir, 'media-processor.js');
  await build({
    entryPoints: ['adapters/cloudflare/media-processor.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    external: ['cloudflare:*'],
    target: 'es2022',
    outfile,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: readFileSync(outfile, 'utf8'),
    compatibilityDate: '2026-01-01',
    bindings: { STORAGE_BACKEND: 'kv' },
    kvNamespaces: ['PARLEY_KV'],
    r2Buckets: ['PARLEY_MEDIA'],
    images: { binding: 'IMAGES' },
    queueProducers: { UPLOADS: 'parley-uploads' },
    queueConsumers: { 'parley-uploads': { maxBatchTimeout: 0.05, maxRetries: 1 } },
  });
  await mf.ready;
}, 60_000);
afterAll(async () => {
  await mf?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function seed(bytes: Uint8Array, overrides: Partial<Attachment> = {}): Promise<Attachment> {
  const attachment = makeAttachment(overrides.conversationId ?? newId(), 'u-1', { size: bytes.length, ...overrides });
  const kv = await mf.getKVNamespace('PARLEY_KV');
  await kv.put(attachmentKey(attachment.conversationId, attachment.id), JSON.stringify(attachment));
  const bucket = await mf.getR2Bucket('PARLEY_MEDIA');
  await bucket.put(uploadKey(attachment.conversationId, attachment.id), bytes);
  return attachment;
}

const notify = async (body: unknown) => (await mf.getQueueProducer('UPLOADS')).send(body);
const uploaded = (a: Attachment) => ({
  ...fixture('put-object.json'),
  object: { key: uploadKey(a.conversationId, a.id), size: a.size, eTag: 'x' },
});

async function settled(a: Attachment): Promise<Attachment> {
  const kv = await mf.getKVNamespace('PARLEY_KV');
  for (let i = 0; i < 200; i++) {
    const record = JSON.parse((await kv.get(attachmentKey(a.conversationId, a.id))) ?? 'null') as Attachment;
    if (record.state !== 'pending') return record;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`attachment ${a.id} was not settled`);
}

const object = async (key: string): Promise<Uint8Array | null> => {
  const found = await (await mf.getR2Bucket('PARLEY_MEDIA')).get(key);
  return found ? new Uint8Array(await found.arrayBuffer()) : null;
};
const bytesAt = async (key: string): Promise<Uint8Array> => (await object(key)) ?? new Uint8Array();

describe('media processor Worker (R2 notification → Queue → Images binding)', () => {
  it('processes the documented message: GPS gone, thumbnail made, raw upload deleted', async () => {
    const body = fixture('put-object.json');
    const [, conversationId, id] = body.object.key.split('/');
    const attachment = await seed(await jpegWithGps(800, 400), { conversationId, id });
    await notify(body);
    const record = await settled(attachment);
    expect(record).toMatchObject({ state: 'ready', width: 800, height: 400, variants: ['original', 'thumbnail'] });
    const original = await object(variantKey(conversationId, id, 'original'));
    expect(original).not.toBeNull();
    expect(await exifr.gps(original ?? new Uint8Array())).toBeUndefined();
    const thumb = await sharp(await bytesAt(variantKey(conversationId, id, 'thumbnail'))).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 320, 160]);
    expect(await object(uploadKey(conversationId, id))).toBeNull();
  });

  it('applies the EXIF orientation', async () => {
    const attachment = await seed(await rotatedJpeg());
    await notify(uploaded(attachment));
    expect(await settled(attachment)).toMatchObject({ state: 'ready', width: 48, height: 64 });
    const meta = await sharp(
      await bytesAt(variantKey(attachment.conversationId, attachment.id, 'original')),
    ).metadata();
    expect([meta.width, meta.height]).toEqual([48, 64]);
  });

  it('rejects HTML labelled image/png; a duplicate, a delete event and a malformed message change nothing', async () => {
    const attachment = await seed(html, { mediaType: 'image/png' });
    await notify(uploaded(attachment));
    const rejected = await settled(attachment);
    expect(rejected).toMatchObject({ state: 'rejected', reason: expect.stringContaining('markup'), version: 2 });
    await notify(uploaded(attachment));
    await notify({
      ...fixture('delete-object.json'),
      object: { key: uploadKey(attachment.conversationId, attachment.id) },
    });
    await notify('not json at all');
    // The queue delivers in order: once a later upload is settled, the messages before it were handled.
    const later = await seed(await jpegWithGps());
    await notify(uploaded(later));
    await settled(later);
    expect(await settled(attachment)).toStrictEqual(rejected);
    expect(await object(variantKey(attachment.conversationId, attachment.id, 'original'))).toBeNull();
  });
});
