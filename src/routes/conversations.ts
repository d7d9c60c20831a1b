import { A_CONVERSATION } from './addressed.js';
import type { Conversation, ReadState } from '../domain/model.js';
import { LIMITS } from '../domain/rules.js';
import { HttpProblem } from '../http/problem.js';
import { type Reply, taggedReply } from '../http/reply.js';
import { callerConversationView } from '../http/representations.js';
import {
  ConversationPageSchema,
  ConversationViewSchema,
  CreateConversationSchema,
  RenameConversationSchema,
} from '../schemas/conversations.js';
import { PageQuery } from '../schemas/pagination.js';
import { pageReply, saveRevision, timestamp, visibleWithReadState } from './access.js';
import { requireKnownUsers } from './known-users.js';
import { defineOperation } from './operation.js';

/** The 200 answer of every operation that returns the conversation. */
export const conversation = {
  description: 'The conversation.',
  schema: ConversationViewSchema,
  headers: ['etag'],
} as const;

/** What a caller who has read nothing yet sees (a conversation they just created). */
const UNREAD_NOTHING = { lastReadMessageId: null, unreadCount: 0 } as const;

/** The caller's view of `conversation` (their read state in it), tagged from exactly that JSON. */
export const conversationReply = (
  conversation: Conversation,
  state: Pick<ReadState, 'lastReadMessageId' | 'unreadCount'>,
  status = 200,
  headers: Record<string, string> = {},
): Reply => taggedReply(status, callerConversationView(conversation, state), conversation.version, headers);

export const createConversation = defineOperation(
  {
    operationId: 'createConversation',
    route: 'POST /v1/conversations',
    summary: 'Start a conversation; the caller is always a participant',
    description:
      'Every listed user must have a profile (`PUT /v1/users/me`), else 422 `unknown-participants` lists the ones that do not and nothing is created. The caller is known by the token and needs no profile.',
    body: CreateConversationSchema,
    idempotent: true,
    responses: { 201: { ...conversation, description: 'Created.', headers: ['etag', 'location'] } },
    problems: ['unknown-participants'],
    tag: 'conversations',
  },
  async ({ services, caller, body, commit }) => {
    const participantIds = [caller, ...body.participantIds.filter((id) => id !== caller)];
    if (participantIds.length > LIMITS.participants) {
      const detail = `must list at most ${LIMITS.participants - 1} user ids besides the caller`;
      throw new HttpProblem('validation-failed', `/participantIds: ${detail}.`, {
        errors: [{ pointer: '/participantIds', detail }],
      });
    }
    await requireKnownUsers(services.repository, participantIds.slice(1));
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
    const reply = conversationReply(conversation, UNREAD_NOTHING, 201, {
      location: `/v1/conversations/${conversation.id}`,
    });
    await commit(reply, (completion) => services.repository.createConversation(conversation, completion));
    return reply;
  },
);

export const listConversations = defineOperation(
  {
    operationId: 'listConversations',
    route: 'GET /v1/conversations',
    summary: "The caller's conversations, most recent activity first",
    query: PageQuery,
    responses: { 200: { description: 'One page.', schema: ConversationPageSchema } },
    problems: ['invalid-cursor'],
    tag: 'conversations',
  },
  async ({ services, operationId, caller, query }) => {
    const limit = query.limit ?? LIMITS.defaultPageSize;
    return pageReply(
      services.cursors,
      { route: operationId, caller },
      query.cursor,
      async (cursor) => {
        const page = await services.repository.listConversations(caller, { limit, cursor });
        return {
          ...page,
          items: page.items.map((c, i) => callerConversationView(c, page.readStates[i] ?? UNREAD_NOTHING)),
        };
      },
      (view) => view,
    );
  },
);

export const getConversation = defineOperation(
  {
    operationId: 'getConversation',
    route: 'GET /v1/conversations/{conversationId}',
    summary: 'Read a conversation (participants only; 404 for everyone else)',
    ...A_CONVERSATION,
    responses: { 200: conversation },
    tag: 'conversations',
  },
  async ({ services, caller, params }) => {
    const { conversation, state } = await visibleWithReadState(services.repository, params.conversationId, caller);
    return conversationReply(conversation, state);
  },
);

export const renameConversation = defineOperation(
  {
    operationId: 'renameConversation',
    route: 'PATCH /v1/conversations/{conversationId}',
    summary: 'Rename a conversation (any participant)',
    ...A_CONVERSATION,
    body: RenameConversationSchema,
    preconditions: 'required',
    responses: { 200: conversation },
    tag: 'conversations',
  },
  async ({ services, caller, params, body, ifMatch }) => {
    const { conversation: current, state } = await visibleWithReadState(
      services.repository,
      params.conversationId,
      caller,
    );
    const changes = { title: body.title, updatedAt: timestamp(services.now()) };
    const next = await saveRevision(ifMatch, current, changes, (c, v) => services.repository.updateConversation(c, v));
    return conversationReply(next, state);
  },
);
