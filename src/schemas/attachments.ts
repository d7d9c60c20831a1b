import * as v from 'valibot';
import { LIMITS, MEDIA_TYPES } from '../domain/rules.js';
import { TimestampSchema, UlidSchema, UserIdSchema, VersionSchema } from './common.js';
import { once } from './once.js';

const Name = once(() =>
  v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(LIMITS.attachmentName, `must be at most ${LIMITS.attachmentName} characters`),
  ),
);

const MediaTypeText = once(() =>
  v.pipe(
    v.string(),
    v.maxLength(LIMITS.mediaType, `must be at most ${LIMITS.mediaType} characters`),
    v.description(`One of ${Object.keys(MEDIA_TYPES).join(', ')}; anything else is 415.`),
  ),
);

const Bytes = once(() => v.pipe(v.number(), v.safeInteger('must be an integer'), v.minValue(1, 'must be at least 1')));
const Pixels = once(() => v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))));

/** `POST /v1/conversations/{id}/attachments`: what the client is about to upload. */
export const CreateAttachmentSchema = once(() =>
  v.strictObject({
    mediaType: MediaTypeText(),
    size: v.pipe(
      Bytes(),
      v.description('Exact size of the upload in bytes; above the maximum (default 20 MiB) is 413.'),
    ),
    name: v.optional(Name()),
  }),
);

export const ATTACHMENT_STATES = ['pending', 'ready', 'rejected'] as const;
export const VARIANTS = ['original', 'thumbnail'] as const;
export type Variant = (typeof VARIANTS)[number];

/** An attachment record: created `pending`, settled once by the processor (`ready` or `rejected`). */
export const AttachmentSchema = once(() =>
  v.strictObject({
    id: UlidSchema(),
    conversationId: UlidSchema(),
    uploaderId: UserIdSchema(),
    state: v.picklist(ATTACHMENT_STATES),
    mediaType: v.string(),
    size: v.pipe(Bytes(), v.description('Declared size of the upload, bytes.')),
    name: v.nullable(v.string()),
    createdAt: TimestampSchema(),
    reason: v.pipe(v.nullable(v.string()), v.description('Why it was rejected; `null` otherwise.')),
    width: Pixels(),
    height: Pixels(),
    bytes: v.pipe(v.nullable(v.number()), v.description('Size of the stored original once ready, bytes.')),
    sha256: v.pipe(v.nullable(v.string()), v.description('Hex SHA-256 of the stored original once ready.')),
    variants: v.pipe(v.array(v.picklist(VARIANTS)), v.description('What can be downloaded once ready.')),
    messageId: v.pipe(v.nullable(UlidSchema()), v.description('The message it is attached to, once posted.')),
    expiresAt: v.pipe(
      v.nullable(v.number()),
      v.description('Epoch seconds after which an attachment never posted is forgotten; `null` once posted.'),
    ),
    version: VersionSchema(),
  }),
);

/** What a message embeds of each of its attachments (the record's metadata, as it was when posted). */
export const AttachmentRefSchema = once(() =>
  v.strictObject({
    id: UlidSchema(),
    mediaType: v.string(),
    name: v.nullable(v.string()),
    bytes: v.number(),
    width: Pixels(),
    height: Pixels(),
    sha256: v.string(),
  }),
);

const Url = once(() => v.pipe(v.string(), v.description('Short-lived (see `expiresAt`).')));

/** The record as clients see it, with download URLs once it is ready. */
export const AttachmentViewSchema = once(() =>
  v.strictObject({
    attachment: AttachmentSchema(),
    urls: v.optional(v.strictObject({ original: Url(), thumbnail: v.optional(Url()), expiresAt: TimestampSchema() })),
  }),
);

export const UploadSchema = once(() =>
  v.strictObject({
    method: v.picklist(['PUT', 'POST']),
    url: v.string(),
    headers: v.optional(v.record(v.string(), v.string())),
    fields: v.optional(v.record(v.string(), v.string())),
    expiresAt: TimestampSchema(),
  }),
);

export const CreatedAttachmentSchema = once(() =>
  v.strictObject({
    attachment: AttachmentSchema(),
    upload: v.pipe(
      UploadSchema(),
      v.description(
        'Send the bytes exactly as described: PUT with these headers (R2, Node), or a multipart POST of `fields` then the file (S3).',
      ),
    ),
  }),
);

export const AttachmentParams = once(() => v.object({ conversationId: UlidSchema(), attachmentId: UlidSchema() }));

export const AttachmentIdsSchema = once(() =>
  v.pipe(
    v.array(UlidSchema()),
    v.maxLength(LIMITS.attachments, `must list at most ${LIMITS.attachments} attachments`),
    v.check((ids) => new Set(ids).size === ids.length, 'must not list an attachment twice'),
  ),
);
