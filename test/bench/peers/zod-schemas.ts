import { z } from 'zod';

/** The zod schemas of the Hono peers: the same rules as Parley's valibot schemas for these two routes. */
export const ConversationParams = z.object({ conversationId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
export const MessagePageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(1024).optional(),
});
const Attachment = z.strictObject({
  url: z.string().max(2048).url().startsWith('https://'),
  mediaType: z
    .string()
    .max(255)
    .regex(/^[A-Za-z0-9][\w!#$&^.+-]*\/[A-Za-z0-9][\w!#$&^.+-]*$/),
  name: z.string().min(1).max(255).optional(),
  size: z.number().int().min(0).optional(),
});
export const PostMessage = z.strictObject({
  body: z.string().min(1).max(4000),
  attachments: z.array(Attachment).max(10).optional(),
});
export const MessageWireSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorId: z.string(),
  body: z.string(),
  attachments: z.array(Attachment),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deletedAt: z.string().nullable(),
  version: z.number().int(),
});
export const MessagePage = z.object({ items: z.array(MessageWireSchema), nextCursor: z.string().nullable() });
