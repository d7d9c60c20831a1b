import sharp from 'sharp';
import { readFileSync } from 'node:fs';
import exifr from 'exifr';
import { beforeEach, describe, expect, it } from 'vitest';
import { createdKeysOf } from '../../../adapters/lambda/events/s3-upload.js';
import { createMediaProcessorHandler } from '../../../adapters/lambda/media-processor.js';
import { createSharpCodec } from '../../../adapters/node/sharp-codec.js';
import { uploadKey, variantKey } from '../../../src/media/keys.js';
import { createMemoryMediaStore, type MemoryMediaStore } from '../../../src/media/memory-store.js';
import { createMemoryRepository } from '../../../src/repository/memory/index.js';
import type { Repository } from '../../../src/repository/port.js';
import { makeAttachment, makeConversation } from '../../contract/repository/fixtures.js';
import { jpegWithGps } from '../../support/images.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/events/s3/${name}`, import.meta.url), 'utf8'));
// The ids the fixtures' first key names.
const CONVERSATION = '01JD7Z8QK3V4W5X6Y7Z8A9B0C1';
const ATTACHMENT = '01JD7Z8R0000000000000000AA';

let repository: Repository;
let media: MemoryMediaStore;
let handler: ReturnType<typeof createMediaProcessorHandler>;

beforeEach(async () => {
  repository = createMemoryRepository();
  media = createMemoryMediaStore();
  handler = createMediaProcessorHandler(() => ({ repository, media, codec: createSharpCodec(sharp) }));
  const conversation = makeConversation(CONVERSATION, []);
  await repository.createConversation(conversation);
  const bytes = await jpegWithGps();
  await repository.createAttachment(
    makeAttachment(CONVERSATION, conversation.createdBy, { id: ATTACHMENT, size: bytes.length }),
  );
  await media.put(uploadKey(CONVERSATION, ATTACHMENT), bytes, 'image/jpeg');
});

describe('S3 event keys', () => {
  it('decodes keys (+ is a space) and keeps ObjectCreated records only', () => {
    expect(createdKeysOf(fixture('object-created.json'))).toEqual([
      uploadKey(CONVERSATION, ATTACHMENT),
      'pending/red flower(1).jpg',
    ]);
    expect(createdKeysOf(fixture('object-removed.json'))).toEqual([]);
    expect(
      createdKeysOf({
        Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', s3: { object: { key: '%E0%A4%A' } } }],
      }),
    ).toEqual([]);
    expect(createdKeysOf(null)).toEqual([]);
    expect(createdKeysOf({ Records: 'x' })).toEqual([]);
  });
});

describe('media processor handler (S3 notifications)', () => {
  it('processes the upload of a real-shape event; a foreign key is ignored', async () => {
    const { outcomes } = await handler(fixture('object-created.json'));
    expect(outcomes).toEqual([
      { outcome: 'ready', attachmentId: ATTACHMENT },
      { outcome: 'ignored', key: 'pending/red flower(1).jpg', why: 'not an upload key' },
    ]);
    const original = media.objects.get(variantKey(CONVERSATION, ATTACHMENT, 'original'));
    expect(await exifr.gps(original?.bytes ?? new Uint8Array())).toBeUndefined();
    expect(await repository.getAttachment(CONVERSATION, ATTACHMENT)).toMatchObject({ state: 'ready', version: 2 });
  });

  it('a duplicate delivery, and a removal arriving first (reordered), change nothing twice', async () => {
    expect((await handler(fixture('object-removed.json'))).outcomes).toEqual([]);
    await handler(fixture('object-created.json'));
    const settled = await repository.getAttachment(CONVERSATION, ATTACHMENT);
    const objects = new Map(media.objects);
    const again = await handler(fixture('object-created.json'));
    expect(again.outcomes[0]).toMatchObject({ outcome: 'ignored', why: 'already ready' });
    expect(await repository.getAttachment(CONVERSATION, ATTACHMENT)).toStrictEqual(settled);
    expect(media.objects).toEqual(objects);
  });

  it('fails the invocation when the store fails, so Lambda retries; the record stays pending', async () => {
    // Fault injection: the media store refuses every read.
    handler = createMediaProcessorHandler(() => ({
      repository,
      media: { ...media, get: () => Promise.reject(new Error('S3 unavailable')) },
      codec: createSharpCodec(sharp),
    }));
    await expect(handler(fixture('object-created.json'))).rejects.toThrow(/failed; retrying/);
    expect(await repository.getAttachment(CONVERSATION, ATTACHMENT)).toMatchObject({ state: 'pending' });
  });
});
