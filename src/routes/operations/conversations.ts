import { LIMITS, pageOf } from '../../schemas/common.js';
import {
  AddParticipantsSchema,
  ConversationParams,
  ConversationSchema,
  CreateConversationSchema,
  ParticipantParams,
  RenameConversationSchema,
} from '../../schemas/conversations.js';
import { once } from '../../schemas/once.js';
import { PageQuery } from '../../schemas/pagination.js';
import { defineOperation } from '../operation.js';

const conversation = { description: 'The conversation.', schema: ConversationSchema, headers: ['etag'] } as const;
export const ConversationPageSchema = once(() => pageOf(ConversationSchema()));

export const createConversation = defineOperation({
  operationId: 'createConversation',
  method: 'POST',
  path: '/v1/conversations',
  tag: 'conversations',
  summary: 'Start a conversation; the caller is always a participant',
  auth: true,
  get body() {
    return CreateConversationSchema();
  },
  idempotent: true,
  responses: { 201: { ...conversation, description: 'Created.', headers: ['etag', 'location'] } },
  problems: [],
});

export const listConversations = defineOperation({
  operationId: 'listConversations',
  method: 'GET',
  path: '/v1/conversations',
  tag: 'conversations',
  summary: "The caller's conversations, most recent activity first",
  auth: true,
  get query() {
    return PageQuery();
  },
  responses: { 200: { description: 'One page.', schema: ConversationPageSchema } },
  problems: ['invalid-cursor'],
});

export const getConversation = defineOperation({
  operationId: 'getConversation',
  method: 'GET',
  path: '/v1/conversations/{conversationId}',
  tag: 'conversations',
  summary: 'Read a conversation (participants only; 404 for everyone else)',
  auth: true,
  get params() {
    return ConversationParams();
  },
  responses: { 200: conversation },
  problems: ['not-found'],
});

export const renameConversation = defineOperation({
  operationId: 'renameConversation',
  method: 'PATCH',
  path: '/v1/conversations/{conversationId}',
  tag: 'conversations',
  summary: 'Rename a conversation (any participant)',
  auth: true,
  get params() {
    return ConversationParams();
  },
  get body() {
    return RenameConversationSchema();
  },
  preconditions: 'required',
  responses: { 200: conversation },
  problems: ['not-found'],
});

export const addParticipants = defineOperation({
  operationId: 'addParticipants',
  method: 'POST',
  path: '/v1/conversations/{conversationId}/participants',
  tag: 'conversations',
  summary: 'Add participants (any participant may)',
  description: `Ids already present are ignored. A conversation has at most ${LIMITS.participants} participants.`,
  auth: true,
  get params() {
    return ConversationParams();
  },
  get body() {
    return AddParticipantsSchema();
  },
  idempotent: true,
  responses: { 200: { ...conversation, description: 'The conversation after the change.' } },
  problems: ['not-found', 'participant-limit', 'concurrent-update'],
});

export const removeParticipant = defineOperation({
  operationId: 'removeParticipant',
  method: 'DELETE',
  path: '/v1/conversations/{conversationId}/participants/{userId}',
  tag: 'conversations',
  summary: 'Leave (remove yourself) or remove someone (the creator only)',
  description: "`If-Match` carries the conversation's ETag.",
  auth: true,
  get params() {
    return ParticipantParams();
  },
  preconditions: 'required',
  responses: { 204: { description: 'Removed.' } },
  problems: ['not-found', 'forbidden'],
});
