import { z } from 'zod';

/** The zod schemas of the Hono peers: the same rules as Parley's valibot schemas for these two routes. */
export const ConversationParams = z.object({ conversationId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
export const MessagePageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(1024).optional(),
});
const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
/** What a message embeds per attachment (Parley's `AttachmentRefSchema`). */
const AttachmentRef = z.object({
  id: Ulid,
  mediaType: z.string(),
  name: z.string().nullable(),
  bytes: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  sha256: z.string(),
});
/** The benchmark posts none: the peers validate the list's shape and store messages without attachments. */
export const PostMessage = z.strictObject({
  body: z.string().min(1).max(4000),
  attachmentIds: z.array(Ulid).max(10).optional(),
});
export const MessageWireSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorId: z.string(),
  body: z.string(),
  attachments: z.array(AttachmentRef),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
});
export const MessagePage = z.object({ items: z.array(MessageWireSchema), nextCursor: z.string().nullable() });
