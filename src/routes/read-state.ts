import { A_CONVERSATION } from './addressed.js';
import { HttpProblem } from '../http/problem.js';
import { jsonReply } from '../http/reply.js';
import { participantRead } from '../domain/read-state.js';
import { MarkReadSchema, ReadStateListSchema, ReadStateSchema } from '../schemas/read-state.js';
import { ensureVisible, timestamp, visibleConversation } from './access.js';
import { defineOperation } from './operation.js';

export const markConversationRead = defineOperation(
  {
    operationId: 'markConversationRead',
    route: 'PUT /v1/conversations/{conversationId}/read',
    summary: "Move the caller's read horizon forward to a message",
    description:
      'Forward only: a message at or before the current horizon changes nothing (the current state is answered), ' +
      'so repeating or reordering the call is harmless. The message must belong to the conversation ' +
      '(`422 unknown-message` otherwise). Posting a message moves its author’s horizon to it.',
    ...A_CONVERSATION,
    body: MarkReadSchema,
    responses: { 200: { description: "The caller's read state after the call.", schema: ReadStateSchema } },
    problems: ['unknown-message', 'concurrent-update'],
    tag: 'conversations',
  },
  async ({ services, caller, params, body }) => {
    const { repository } = services;
    const [conversation, message] = await Promise.all([
      repository.getConversation(params.conversationId),
      repository.getMessage(params.conversationId, body.messageId),
    ]);
    ensureVisible(conversation, caller);
    if (!message) {
      throw new HttpProblem('unknown-message', `/messageId: no message ${body.messageId} in this conversation.`);
    }
    const { state } = await repository.markRead(params.conversationId, caller, message.id, timestamp(services.now()));
    return jsonReply(200, state);
  },
);

export const listReadStates = defineOperation(
  {
    operationId: 'listReadStates',
    route: 'GET /v1/conversations/{conversationId}/read',
    summary: "Every participant's read horizon (participants only)",
    description:
      "Where each participant has read up to; the unread count is each reader's own (the caller's is in the conversation's representation).",
    ...A_CONVERSATION,
    responses: { 200: { description: 'In participant order.', schema: ReadStateListSchema } },
    tag: 'conversations',
  },
  async ({ services, caller, params }) => {
    await visibleConversation(services.repository, params.conversationId, caller);
    const states = await services.repository.listReadStates(params.conversationId);
    return jsonReply(200, { items: states.map(participantRead) });
  },
);
