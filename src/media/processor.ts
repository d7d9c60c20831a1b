import type { Attachment } from '../domain/model.js';
import { LIMITS, MEDIA_TYPES, type MediaType } from '../domain/rules.js';
import { VersionMismatchError } from '../repository/errors.js';
import type { Repository } from '../repository/port.js';
import type { Variant } from '../schemas/attachments.js';
import { type ImageCodec, UndecodableImageError } from './codec.js';
import { parseUploadKey, variantKey } from './keys.js';
import { live } from './records.js';
import { sniff } from './sniff.js';
import type { MediaStore } from './store.js';

export interface ProcessorDeps {
  repository: Repository;
  media: MediaStore;
  codec: ImageCodec;
  now?: () => Date;
  log?: (entry: Record<string, unknown>) => void;
}

/** What became of one object-created event (the adapter logs it; none of them is retried). */
export type ProcessOutcome =
  | { outcome: 'ready' | 'rejected'; attachmentId: string; reason?: string }
  /** Not a key Parley handed out, a record that is gone, or an upload already handled. */
  | { outcome: 'ignored'; key: string; why: string };

/**
 * The processor use case, for one uploaded object (`key` under `pending/`). Every event source (an
 * S3 notification, an R2 event on a queue, the Node server after a PUT) calls this. Order, so that
 * nothing is half-written: the checks; the derived objects under `media/` (deterministic keys, so a
 * retry overwrites them); then ONE conditional write `pending → ready | rejected` (the record's
 * version); then the raw upload is deleted. A duplicate or late event finds the record settled or
 * the upload gone and changes nothing; a failure before the write throws, so the platform retries.
 */
export async function processUpload(deps: ProcessorDeps, key: string): Promise<ProcessOutcome> {
  const ids = parseUploadKey(key);
  if (!ids) return { outcome: 'ignored', key, why: 'not an upload key' };
  const now = deps.now ?? (() => new Date());
  const stored = await deps.repository.getAttachment(ids.conversationId, ids.attachmentId);
  const record = live(stored, Math.floor(now().getTime() / 1000));
  if (record?.state !== 'pending') {
    await deps.media.delete([key]);
    return { outcome: 'ignored', key, why: record ? `already ${record.state}` : 'no such attachment' };
  }
  const bytes = await deps.media.get(key);
  if (!bytes) return { outcome: 'ignored', key, why: 'upload already removed' };
  const verdict = await examine(deps, record, bytes);
  const next: Attachment =
    'reason' in verdict
      ? { ...record, state: 'rejected', reason: verdict.reason, version: record.version + 1 }
      : { ...record, ...verdict, state: 'ready', version: record.version + 1 };
  try {
    await deps.repository.updateAttachment(next, record.version);
  } catch (error) {
    if (!(error instanceof VersionMismatchError)) throw error;
    // Another delivery of the same event settled it first: its outcome stands.
    return { outcome: 'ignored', key, why: 'settled concurrently' };
  }
  await deps.media.delete([key]);
  return next.state === 'ready'
    ? { outcome: 'ready', attachmentId: record.id }
    : { outcome: 'rejected', attachmentId: record.id, reason: next.reason ?? '' };
}

type Verdict = { reason: string } | Pick<Attachment, 'width' | 'height' | 'bytes' | 'sha256' | 'variants'>;

async function examine(deps: ProcessorDeps, record: Attachment, bytes: Uint8Array): Promise<Verdict> {
  if (bytes.length !== record.size) {
    return { reason: `the upload is ${bytes.length} bytes, but ${record.size} were declared` };
  }
  const sniffed = sniff(bytes);
  if (!('type' in sniffed)) return { reason: `the content is ${sniffed.unknown}, not ${record.mediaType}` };
  if (sniffed.type !== record.mediaType) return { reason: `the content is ${sniffed.type}, not ${record.mediaType}` };
  const put = (variant: Variant, data: Uint8Array, mediaType: string) =>
    deps.media.put(variantKey(record.conversationId, record.id, variant), data, mediaType);
  if (MEDIA_TYPES[record.mediaType as MediaType] === 'file') {
    await put('original', bytes, record.mediaType);
    return { width: null, height: null, bytes: bytes.length, sha256: await sha256(bytes), variants: ['original'] };
  }
  let image: Awaited<ReturnType<ImageCodec['process']>>;
  try {
    image = await deps.codec.process(bytes, {
      mediaType: record.mediaType,
      thumbnailPixels: LIMITS.thumbnailPixels,
      maxPixels: LIMITS.imagePixels,
    });
  } catch (error) {
    if (error instanceof UndecodableImageError)
      return { reason: `not a complete ${record.mediaType}: ${error.message}` };
    throw error;
  }
  const { original, thumbnail } = image;
  await Promise.all([
    put('original', original.bytes, original.mediaType),
    put('thumbnail', thumbnail.bytes, thumbnail.mediaType),
  ]);
  return {
    width: original.width,
    height: original.height,
    bytes: original.bytes.length,
    sha256: await sha256(original.bytes),
    variants: ['original', 'thumbnail'],
  };
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
