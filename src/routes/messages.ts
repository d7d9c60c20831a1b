import type { Hono } from 'hono';
import type { Message } from '../domain/model.js';
import { conversationNotFound } from '../http/errors.js';
import type { AppEnv } from '../http/env.js';
import { etagOf } from '../http/etag.js';
import { HttpProblem } from '../http/problem.js';
import { emptyReply, jsonReply, type Reply } from '../http/reply.js';
import { attachmentView, messageView } from '../http/representations.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../repository/errors.js';
import { LIMITS } from '../schemas/common.js';
import { ensureVisible, requireMatch, timestamp, visibleConversation } from './access.js';
import { bind, type RouteHandler } from './bind.js';
import * as ops from './operations/messages.js';
import type { Services } from './services.js';

export function mountMessages(app: Hono<AppEnv>, services: Services): void {
  bind(app, services, ops.postMessage, postMessage);
  bind(app, services, ops.listMessages, listMessages);
  bind(app, services, ops.getMessage, getMessage);
  bind(app, services, ops.editMessage, editMessage);
  bind(app, services, ops.deleteMessage, deleteMessage);
}

const messageReply = (message: Message, status = 200, headers: Record<string, string> = {}): Reply =>
  jsonReply(status, messageView(message), { etag: etagOf(message.version), ...headers });

const postMessage: RouteHandler<typeof ops.postMessage> = async ({ services, caller, params, body, commit }) => {
  const message: Message = {
    id: services.newId(),
    conversationId: params.conversationId,
    authorId: caller,
    body: body.body,
    attachments: (body.attachments ?? []).map(attachmentView),
    createdAt: timestamp(services.now()),
    editedAt: null,
    deletedAt: null,
    version: 1,
  };
  const location = `/v1/conversations/${message.conversationId}/messages/${message.id}`;
  const reply = messageReply(message, 201, { location });
  try {
    // One write: the backend checks membership itself, so posting costs no extra read.
    await commit(reply, (completion) => services.repository.postMessage(message, completion));
  } catch (error) {
    if (error instanceof NotFoundError || (error instanceof ConflictError && error.reason === 'not_participant')) {
      throw conversationNotFound();
    }
    // The backend re-reads and retries a conversation that changed under the post; when it keeps
    // changing, this POST (which sent no If-Match) must not be answered "412: your If-Match is stale".
    if (error instanceof VersionMismatchError) {
      throw new HttpProblem('concurrent-update', 'The conversation kept changing while the message was posted; retry.');
    }
    throw error;
  }
  return reply;
};

const listMessages: RouteHandler<typeof ops.listMessages> = async ({ services, caller, params, query }) => {
  const { conversationId } = params;
  await visibleConversation(services.repository, conversationId, caller);
  const scope = { route: ops.listMessages.operationId, caller, conversationId, after: query.after };
  const cursor = query.cursor === undefined ? undefined : await services.cursors.open(query.cursor, scope);
  const page = await services.repository.listMessages(conversationId, {
    limit: query.limit ?? LIMITS.defaultPageSize,
    cursor,
    after: query.after,
  });
  return jsonReply(200, {
    items: page.items.map(messageView),
    nextCursor: page.cursor === null ? null : await services.cursors.seal(page.cursor, scope),
  });
};

/** The message, read in parallel with its conversation; 404 unless the caller takes part. */
async function visibleMessage(services: Services, caller: string, conversationId: string, messageId: string) {
  const [conversation, message] = await Promise.all([
    services.repository.getConversation(conversationId),
    services.repository.getMessage(conversationId, messageId),
  ]);
  ensureVisible(conversation, caller);
  if (!message) throw new HttpProblem('not-found', 'No such message in this conversation.');
  return message;
}

function ensureAuthor(message: Message, caller: string, action: string): void {
  if (message.authorId !== caller) {
    throw new HttpProblem('forbidden', `Only the author of a message may ${action} it.`);
  }
}

const getMessage: RouteHandler<typeof ops.getMessage> = async ({ services, caller, params }) =>
  messageReply(await visibleMessage(services, caller, params.conversationId, params.messageId));

const editMessage: RouteHandler<typeof ops.editMessage> = async ({ services, caller, params, body, ifMatch }) => {
  const current = await visibleMessage(services, caller, params.conversationId, params.messageId);
  ensureAuthor(current, caller, 'edit');
  if (current.deletedAt !== null) {
    throw new HttpProblem('message-deleted', 'This message was deleted; a deleted message cannot be edited.');
  }
  requireMatch(ifMatch, current.version);
  const next: Message = {
    ...current,
    body: body.body ?? current.body,
    attachments: body.attachments ? body.attachments.map(attachmentView) : current.attachments,
    editedAt: timestamp(services.now()),
    version: current.version + 1,
  };
  await services.repository.updateMessage(next, current.version);
  return messageReply(next);
};

const deleteMessage: RouteHandler<typeof ops.deleteMessage> = async ({ services, caller, params, ifMatch }) => {
  const current = await visibleMessage(services, caller, params.conversationId, params.messageId);
  ensureAuthor(current, caller, 'delete');
  // Already a tombstone: the outcome the client wants holds, and nothing changes.
  if (current.deletedAt !== null) return emptyReply();
  requireMatch(ifMatch, current.version);
  const tombstone: Message = {
    ...current,
    body: '',
    attachments: [],
    deletedAt: timestamp(services.now()),
    version: current.version + 1,
  };
  await services.repository.updateMessage(tombstone, current.version);
  return emptyReply();
};
