import { A_CONVERSATION, A_MESSAGE } from './addressed.js';
import type { Message } from '../domain/model.js';
import { LIMITS } from '../domain/rules.js';
import { HttpProblem } from '../http/problem.js';
import { emptyReply, type Reply, taggedReply } from '../http/reply.js';
import { messageView } from '../http/representations.js';
import { EditMessageSchema, MessagePageSchema, MessageSchema, PostMessageSchema } from '../schemas/messages.js';
import { MessagePageQuery } from '../schemas/pagination.js';
import { ensureVisible, pageReply, saveRevision, timestamp, visibleConversation } from './access.js';
import type { RouteInput } from './bind.js';
import { attachable, claimAttachments, deleteMedia, refsOf } from './message-attachments.js';
import { defineOperation, type OperationSpec } from './operation.js';

const message = { description: 'The message.', schema: MessageSchema, headers: ['etag'] } as const;

const messageReply = (message: Message, status = 200, headers: Record<string, string> = {}): Reply =>
  taggedReply(status, messageView(message), message.version, headers);

export const postMessage = defineOperation(
  {
    operationId: 'postMessage',
    route: 'POST /v1/conversations/{conversationId}/messages',
    summary: 'Post a message (participants only)',
    ...A_CONVERSATION,
    body: PostMessageSchema,
    idempotent: true,
    responses: { 201: { ...message, description: 'Posted.', headers: ['etag', 'location'] } },
    problems: ['concurrent-update', 'attachment-not-ready'],
    tag: 'messages',
  },
  async ({ services, caller, params, body, commit }) => {
    const attachments = await attachable(services, params.conversationId, caller, body.attachmentIds);
    const message: Message = {
      id: services.newId(),
      conversationId: params.conversationId,
      authorId: caller,
      body: body.body,
      attachments: refsOf(attachments),
      createdAt: timestamp(services.now()),
      editedAt: null,
      deletedAt: null,
      version: 1,
    };
    const location = `/v1/conversations/${message.conversationId}/messages/${message.id}`;
    const reply = messageReply(message, 201, { location });
    // One write: the backend checks the conversation and the membership itself, so posting costs no
    // extra read (a missing conversation or a non-participant is the operation's 404).
    await commit(reply, (completion) => services.repository.postMessage(message, completion));
    await claimAttachments(services, message, attachments);
    return reply;
  },
);

export const listMessages = defineOperation(
  {
    operationId: 'listMessages',
    route: 'GET /v1/conversations/{conversationId}/messages',
    summary: 'Messages, newest first; with `after`, the newer ones oldest first (client sync)',
    description:
      'Without `after`: newest first, `nextCursor` pages back in time. With `after=<message id>`: the messages after it, oldest first, `nextCursor` pages forward until the newest (then `null`) — a client that was offline catches up in order. Send `after` with every page.',
    ...A_CONVERSATION,
    query: MessagePageQuery,
    responses: { 200: { description: 'One page.', schema: MessagePageSchema } },
    problems: ['invalid-cursor'],
    tag: 'messages',
  },
  async ({ services, operationId, caller, params, query }) => {
    const { conversationId } = params;
    await visibleConversation(services.repository, conversationId, caller);
    const { after, limit = LIMITS.defaultPageSize } = query;
    return pageReply(
      services.cursors,
      { route: operationId, caller, conversationId, after },
      query.cursor,
      (cursor) => services.repository.listMessages(conversationId, { limit, cursor, after }),
      messageView,
    );
  },
);

/** The message, read in parallel with its conversation; 404 unless the caller takes part. */
async function visibleMessage(input: RouteInput<OperationSpec>, conversationId: string, messageId: string) {
  const { repository } = input.services;
  const [conversation, message] = await Promise.all([
    repository.getConversation(conversationId),
    repository.getMessage(conversationId, messageId),
  ]);
  ensureVisible(conversation, input.caller);
  return input.found(message);
}

function ensureAuthor(message: Message, caller: string, action: string): void {
  if (message.authorId !== caller) {
    throw new HttpProblem('forbidden', `Only the author of a message may ${action} it.`);
  }
}

export const getMessage = defineOperation(
  {
    operationId: 'getMessage',
    route: 'GET /v1/conversations/{conversationId}/messages/{messageId}',
    summary: 'Read a message (a deleted one is a tombstone)',
    ...A_MESSAGE,
    responses: { 200: message },
    tag: 'messages',
  },
  async (input) => messageReply(await visibleMessage(input, input.params.conversationId, input.params.messageId)),
);

export const editMessage = defineOperation(
  {
    operationId: 'editMessage',
    route: 'PATCH /v1/conversations/{conversationId}/messages/{messageId}',
    summary: 'Edit a message (its author only)',
    description: 'A deleted message cannot be edited: 409 `message-deleted`.',
    ...A_MESSAGE,
    body: EditMessageSchema,
    preconditions: 'required',
    responses: { 200: message },
    problems: ['forbidden', 'message-deleted'],
    tag: 'messages',
  },
  async (input) => {
    const { services, caller, params, body, ifMatch } = input;
    const current = await visibleMessage(input, params.conversationId, params.messageId);
    ensureAuthor(current, caller, 'edit');
    if (current.deletedAt !== null) {
      throw new HttpProblem('message-deleted', 'This message was deleted; a deleted message cannot be edited.');
    }
    const next = await saveRevision(
      ifMatch,
      current,
      { body: body.body, editedAt: timestamp(services.now()) },
      (m, v) => services.repository.updateMessage(m, v),
    );
    return messageReply(next);
  },
);

export const deleteMessage = defineOperation(
  {
    operationId: 'deleteMessage',
    route: 'DELETE /v1/conversations/{conversationId}/messages/{messageId}',
    summary: 'Delete a message (its author only), leaving a tombstone',
    description:
      "The message keeps its id, author and place in the timeline; its body and attachments are cleared, its attachments' media objects deleted, and `deletedAt` is set. Deleting a tombstone again changes nothing.",
    ...A_MESSAGE,
    preconditions: 'required',
    responses: { 204: { description: 'Deleted.' } },
    problems: ['forbidden'],
    tag: 'messages',
  },
  async (input) => {
    const { services, caller, params, ifMatch } = input;
    const current = await visibleMessage(input, params.conversationId, params.messageId);
    ensureAuthor(current, caller, 'delete');
    // Already a tombstone: the outcome the client wants holds, and nothing changes.
    if (current.deletedAt !== null) return emptyReply();
    const tombstone = { body: '', attachments: [], deletedAt: timestamp(services.now()) };
    await saveRevision(ifMatch, current, tombstone, (m, v) => services.repository.updateMessage(m, v));
    await deleteMedia(services, current);
    return emptyReply();
  },
);
