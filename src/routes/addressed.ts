import { CONVERSATION_NOT_FOUND } from '../http/errors.js';
import { AttachmentParams } from '../schemas/attachments.js';
import { ConversationParams, ParticipantParams } from '../schemas/conversations.js';
import { MessageParams } from '../schemas/messages.js';
import { UserIdParams } from '../schemas/users.js';

/**
 * What an operation addresses, spread into its spec: the path parameters that name the resource
 * and the 404 detail when they name none (a value that fails them, or the repository's
 * `NotFoundError`). Declaring one implies the `not-found` problem (openapi/problems.ts).
 */
export const A_CONVERSATION = { params: ConversationParams, notFound: CONVERSATION_NOT_FOUND } as const;
export const A_PARTICIPANT = { params: ParticipantParams, notFound: CONVERSATION_NOT_FOUND } as const;
export const A_MESSAGE = { params: MessageParams, notFound: 'No such message in this conversation.' } as const;
export const AN_ATTACHMENT = {
  params: AttachmentParams,
  notFound: 'No such attachment in this conversation.',
} as const;
export const A_USER = { params: UserIdParams, notFound: 'No such user.' } as const;
