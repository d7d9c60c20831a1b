import * as v from 'valibot';
import { LIMITS } from '../domain/rules.js';
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
  v.pipe(v.string(), v.maxLength(LIMITS.mediaType, `must be at most ${LIMITS.mediaType} characters`)),
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
    size: Bytes(),
    name: v.nullable(v.string()),
    createdAt: TimestampSchema(),
    reason: v.nullable(v.string()),
    width: Pixels(),
    height: Pixels(),
    bytes: v.nullable(v.number()),
    sha256: v.nullable(v.string()),
    variants: v.array(v.picklist(VARIANTS)),
    messageId: v.nullable(UlidSchema()),
    expiresAt: v.nullable(v.number()),
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

/** The record as clients see it, with download URLs once it is ready. */
export const AttachmentViewSchema = once(() =>
  v.strictObject({
    attachment: AttachmentSchema(),
    urls: v.optional(
      v.strictObject({ original: v.string(), thumbnail: v.optional(v.string()), expiresAt: TimestampSchema() }),
    ),
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
    upload: UploadSchema(),
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
