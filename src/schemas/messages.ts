import * as v from 'valibot';
import { LIMITS } from '../domain/rules.js';
import { pageOf, TimestampSchema, UlidSchema, UserIdSchema, VersionSchema } from './common.js';
import { once } from './once.js';

export const AttachmentSchema = once(() =>
  v.strictObject({
    url: v.pipe(
      v.string(),
      v.maxLength(LIMITS.url, `must be at most ${LIMITS.url} characters`),
      v.url('must be a URL'),
      v.startsWith('https://', 'must be an https URL'),
    ),
    mediaType: v.pipe(
      v.string(),
      v.maxLength(LIMITS.mediaType, `must be at most ${LIMITS.mediaType} characters`),
      v.regex(/^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*$/, 'must be a media type like image/png'),
    ),
    name: v.optional(
      v.pipe(
        v.string(),
        v.minLength(1, 'must not be empty'),
        v.maxLength(LIMITS.attachmentName, `must be at most ${LIMITS.attachmentName} characters`),
      ),
    ),
    size: v.optional(
      v.pipe(
        v.number(),
        v.safeInteger('must be an integer'),
        v.minValue(0, 'must not be negative'),
        v.description('Bytes.'),
      ),
    ),
  }),
);

const Body = once(() =>
  v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(LIMITS.messageBody, `must be at most ${LIMITS.messageBody} characters`),
  ),
);

const Attachments = once(() =>
  v.pipe(
    v.array(AttachmentSchema()),
    v.maxLength(LIMITS.attachments, `must list at most ${LIMITS.attachments} attachments`),
  ),
);

export const PostMessageSchema = once(() => v.strictObject({ body: Body(), attachments: v.optional(Attachments()) }));

export const EditMessageSchema = once(() =>
  v.pipe(
    v.strictObject({ body: v.optional(Body()), attachments: v.optional(Attachments()) }),
    v.check(
      (edit) => edit.body !== undefined || edit.attachments !== undefined,
      'nothing to change: give body or attachments',
    ),
    v.metadata({ minProperties: 1 }),
  ),
);

export const MessageSchema = once(() =>
  v.strictObject({
    id: UlidSchema(),
    conversationId: UlidSchema(),
    authorId: UserIdSchema(),
    body: v.pipe(v.string(), v.description('Empty once the message is deleted.')),
    attachments: v.array(AttachmentSchema()),
    createdAt: TimestampSchema(),
    editedAt: v.nullable(TimestampSchema()),
    deletedAt: v.pipe(v.nullable(TimestampSchema()), v.description('Set on a deleted message (a tombstone).')),
    version: VersionSchema(),
  }),
);

export const MessageParams = once(() => v.object({ conversationId: UlidSchema(), messageId: UlidSchema() }));

export const MessagePageSchema = once(() => pageOf(MessageSchema()));
