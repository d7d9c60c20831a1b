import type * as v from 'valibot';
import type { ConversationSchema } from '../schemas/conversations.js';
import type { AttachmentRefSchema, AttachmentSchema } from '../schemas/attachments.js';
import type { MessageSchema } from '../schemas/messages.js';
import type { ReadStateSchema } from '../schemas/read-state.js';
import type { UserSchema } from '../schemas/users.js';

/**
 * Parley's domain records, as every backend stores them and (picked field by field,
 * `src/http/representations.ts`) as clients see them. Each type is the output of the schema that
 * validates and documents it, so a field is added in one place: the schema in `src/schemas/`.
 * Timestamps are ISO-8601 UTC strings; ids are ULIDs, so id order is time order.
 *
 * - `User.handle` is stored lower-cased (`normalizeHandle`): handles are unique case-insensitively.
 * - `User.version`, `Conversation.version`, `Message.version` start at 1 and grow by 1 on every
 *   change; the ETag is derived from them.
 * - `Conversation.participantIds` always contains `createdBy` unless they left; ≤ 256, no duplicates.
 * - `Conversation.lastActivityAt` / `lastMessageId` are bumped by every posted message and are not
 *   part of `version` (a rename racing a new message cannot roll the activity back).
 * - `Message.body` is empty once deleted: a tombstone keeps its id, author and place in the timeline.
 */
export type User = v.InferOutput<ReturnType<typeof UserSchema>>;
export type Conversation = v.InferOutput<ReturnType<typeof ConversationSchema>>;
export type Message = v.InferOutput<ReturnType<typeof MessageSchema>>;
export type Attachment = v.InferOutput<ReturnType<typeof AttachmentSchema>>;
export type AttachmentRef = v.InferOutput<ReturnType<typeof AttachmentRefSchema>>;
export type ReadState = v.InferOutput<ReturnType<typeof ReadStateSchema>>;
