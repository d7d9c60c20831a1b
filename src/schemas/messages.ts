import * as v from 'valibot';
import { LIMITS } from '../domain/rules.js';
import { AttachmentIdsSchema, AttachmentRefSchema } from './attachments.js';
import { pageOf, TimestampSchema, UlidSchema, UserIdSchema, VersionSchema } from './common.js';
import { once } from './once.js';

const Body = once(() =>
  v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(LIMITS.messageBody, `must be at most ${LIMITS.messageBody} characters`),
  ),
);

export const PostMessageSchema = once(() =>
  v.strictObject({
    body: Body(),
    attachmentIds: v.optional(AttachmentIdsSchema()),
  }),
);

export const EditMessageSchema = once(() => v.strictObject({ body: Body() }));

export const MessageSchema = once(() =>
  v.strictObject({
    id: UlidSchema(),
    conversationId: UlidSchema(),
    authorId: UserIdSchema(),
    body: v.pipe(v.string(), v.description('Empty once the message is deleted.')),
    attachments: v.array(AttachmentRefSchema()),
    createdAt: TimestampSchema(),
    editedAt: v.nullable(TimestampSchema()),
    deletedAt: v.pipe(v.nullable(TimestampSchema()), v.description('Set on a deleted message (a tombstone).')),
    version: VersionSchema(),
  }),
);

export const MessageParams = once(() => v.object({ conversationId: UlidSchema(), messageId: UlidSchema() }));

export const MessagePageSchema = once(() => pageOf(MessageSchema()));
