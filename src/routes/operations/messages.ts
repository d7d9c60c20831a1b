import { pageOf } from '../../schemas/common.js';
import { ConversationParams } from '../../schemas/conversations.js';
import { EditMessageSchema, MessageParams, MessageSchema, PostMessageSchema } from '../../schemas/messages.js';
import { once } from '../../schemas/once.js';
import { MessagePageQuery } from '../../schemas/pagination.js';
import { defineOperation } from '../operation.js';

const message = { description: 'The message.', schema: MessageSchema, headers: ['etag'] } as const;
export const MessagePageSchema = once(() => pageOf(MessageSchema()));

export const postMessage = defineOperation({
  operationId: 'postMessage',
  method: 'POST',
  path: '/v1/conversations/{conversationId}/messages',
  tag: 'messages',
  summary: 'Post a message (participants only)',
  auth: true,
  get params() {
    return ConversationParams();
  },
  get body() {
    return PostMessageSchema();
  },
  idempotent: true,
  responses: { 201: { ...message, description: 'Posted.', headers: ['etag', 'location'] } },
  problems: ['not-found', 'concurrent-update'],
});

export const listMessages = defineOperation({
  operationId: 'listMessages',
  method: 'GET',
  path: '/v1/conversations/{conversationId}/messages',
  tag: 'messages',
  summary: 'Messages, newest first; with `after`, only newer ones (client sync)',
  auth: true,
  get params() {
    return ConversationParams();
  },
  get query() {
    return MessagePageQuery();
  },
  responses: { 200: { description: 'One page.', schema: MessagePageSchema } },
  problems: ['not-found', 'invalid-cursor'],
});

export const getMessage = defineOperation({
  operationId: 'getMessage',
  method: 'GET',
  path: '/v1/conversations/{conversationId}/messages/{messageId}',
  tag: 'messages',
  summary: 'Read a message (a deleted one is a tombstone)',
  auth: true,
  get params() {
    return MessageParams();
  },
  responses: { 200: message },
  problems: ['not-found'],
});

export const editMessage = defineOperation({
  operationId: 'editMessage',
  method: 'PATCH',
  path: '/v1/conversations/{conversationId}/messages/{messageId}',
  tag: 'messages',
  summary: 'Edit a message (its author only)',
  description: 'A deleted message cannot be edited: 409 `message-deleted`.',
  auth: true,
  get params() {
    return MessageParams();
  },
  get body() {
    return EditMessageSchema();
  },
  preconditions: 'required',
  responses: { 200: message },
  problems: ['not-found', 'forbidden', 'message-deleted'],
});

export const deleteMessage = defineOperation({
  operationId: 'deleteMessage',
  method: 'DELETE',
  path: '/v1/conversations/{conversationId}/messages/{messageId}',
  tag: 'messages',
  summary: 'Delete a message (its author only), leaving a tombstone',
  description:
    'The message keeps its id, author and place in the timeline; its body and attachments are cleared and `deletedAt` is set. Deleting a tombstone again changes nothing.',
  auth: true,
  get params() {
    return MessageParams();
  },
  preconditions: 'required',
  responses: { 204: { description: 'Deleted.' } },
  problems: ['not-found', 'forbidden'],
});
