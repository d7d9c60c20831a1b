import type { Hono } from 'hono';
import type { Conversation } from '../domain/model.js';
import type { AppEnv } from '../http/env.js';
import { etagOf } from '../http/etag.js';
import { HttpProblem } from '../http/problem.js';
import { jsonReply, type Reply } from '../http/reply.js';
import { conversationView } from '../http/representations.js';
import { LIMITS } from '../schemas/common.js';
import { requireMatch, timestamp, visibleConversation } from './access.js';
import { bind, type RouteHandler } from './bind.js';
import * as ops from './operations/conversations.js';
import type { Services } from './services.js';

export function mountConversations(app: Hono<AppEnv>, services: Services): void {
  bind(app, services, ops.createConversation, createConversation);
  bind(app, services, ops.listConversations, listConversations);
  bind(app, services, ops.getConversation, getConversation);
  bind(app, services, ops.renameConversation, renameConversation);
}

export const conversationReply = (
  conversation: Conversation,
  status = 200,
  headers: Record<string, string> = {},
): Reply => jsonReply(status, conversationView(conversation), { etag: etagOf(conversation.version), ...headers });

const createConversation: RouteHandler<typeof ops.createConversation> = async ({ services, caller, body, commit }) => {
  const participantIds = [caller, ...body.participantIds.filter((id) => id !== caller)];
  if (participantIds.length > LIMITS.participants) {
    const detail = `must list at most ${LIMITS.participants - 1} user ids besides the caller`;
    throw new HttpProblem('validation-failed', `/participantIds: ${detail}.`, {
      errors: [{ pointer: '/participantIds', detail }],
    });
  }
  const now = timestamp(services.now());
  const conversation: Conversation = {
    id: services.newId(),
    title: body.title ?? null,
    createdBy: caller,
    participantIds,
    createdAt: now,
    updatedAt: now,
    lastActivityAt: now,
    lastMessageId: null,
    version: 1,
  };
  const reply = conversationReply(conversation, 201, { location: `/v1/conversations/${conversation.id}` });
  await commit(reply, (completion) => services.repository.createConversation(conversation, completion));
  return reply;
};

const listConversations: RouteHandler<typeof ops.listConversations> = async ({ services, caller, query }) => {
  const scope = { route: ops.listConversations.operationId, caller };
  const cursor = query.cursor === undefined ? undefined : await services.cursors.open(query.cursor, scope);
  const page = await services.repository.listConversations(caller, {
    limit: query.limit ?? LIMITS.defaultPageSize,
    cursor,
  });
  return jsonReply(200, {
    items: page.items.map(conversationView),
    nextCursor: page.cursor === null ? null : await services.cursors.seal(page.cursor, scope),
  });
};

const getConversation: RouteHandler<typeof ops.getConversation> = async ({ services, caller, params }) =>
  conversationReply(await visibleConversation(services.repository, params.conversationId, caller));

const renameConversation: RouteHandler<typeof ops.renameConversation> = async (input) => {
  const { services, caller, params, body, ifMatch } = input;
  const current = await visibleConversation(services.repository, params.conversationId, caller);
  requireMatch(ifMatch, current.version);
  const next: Conversation = {
    ...current,
    title: body.title,
    updatedAt: timestamp(services.now()),
    version: current.version + 1,
  };
  await services.repository.updateConversation(next, current.version);
  return conversationReply(next);
};
