import { A_CONVERSATION, A_PARTICIPANT } from './addressed.js';
import { LIMITS } from '../domain/rules.js';
import { HttpProblem } from '../http/problem.js';
import { emptyReply } from '../http/reply.js';
import { VersionMismatchError } from '../repository/errors.js';
import { AddParticipantsSchema } from '../schemas/conversations.js';
import { revise, saveRevision, timestamp, visibleConversation, visibleWithReadState } from './access.js';
import { conversation, conversationReply } from './conversations.js';
import { requireKnownUsers } from './known-users.js';
import { defineOperation } from './operation.js';

/** Adds race with other changes to the same conversation; each attempt re-reads it. */
const ADD_ATTEMPTS = 3;

export const addParticipants = defineOperation(
  {
    operationId: 'addParticipants',
    route: 'POST /v1/conversations/{conversationId}/participants',
    summary: 'Add participants (any participant may)',
    description: `Ids already present are ignored. A conversation has at most ${LIMITS.participants} participants. Every added user must have a profile (\`PUT /v1/users/me\`), else 422 \`unknown-participants\` lists the ones that do not and nothing is added.`,
    ...A_CONVERSATION,
    body: AddParticipantsSchema,
    idempotent: true,
    responses: { 200: { ...conversation, description: 'The conversation after the change.' } },
    problems: ['participant-limit', 'concurrent-update', 'unknown-participants'],
    tag: 'conversations',
  },
  async ({ services, caller, params, body, commit }) => {
    for (let attempt = 1; ; attempt++) {
      const { conversation: current, state } = await visibleWithReadState(
        services.repository,
        params.conversationId,
        caller,
      );
      const added = body.participantIds.filter((id) => !current.participantIds.includes(id));
      if (added.length === 0) return conversationReply(current, state);
      if (current.participantIds.length + added.length > LIMITS.participants) {
        throw new HttpProblem(
          'participant-limit',
          `A conversation has at most ${LIMITS.participants} participants; this one has ${current.participantIds.length}.`,
        );
      }
      await requireKnownUsers(services.repository, added);
      const next = revise(current, {
        participantIds: [...current.participantIds, ...added],
        updatedAt: timestamp(services.now()),
      });
      const reply = conversationReply(next, state);
      try {
        await commit(reply, (completion) => services.repository.updateConversation(next, current.version, completion));
        return reply;
      } catch (error) {
        // Another change won: read again, up to ADD_ATTEMPTS times, then `concurrent-update`.
        if (!(error instanceof VersionMismatchError) || attempt >= ADD_ATTEMPTS) throw error;
      }
    }
  },
);

export const removeParticipant = defineOperation(
  {
    operationId: 'removeParticipant',
    route: 'DELETE /v1/conversations/{conversationId}/participants/{userId}',
    summary: 'Leave (remove yourself) or remove someone (the creator only)',
    description: "`If-Match` carries the conversation's ETag.",
    ...A_PARTICIPANT,
    preconditions: 'required',
    responses: { 204: { description: 'Removed.' } },
    problems: ['forbidden'],
    tag: 'conversations',
  },
  async ({ services, caller, params, ifMatch }) => {
    const current = await visibleConversation(services.repository, params.conversationId, caller);
    if (params.userId !== caller && current.createdBy !== caller) {
      throw new HttpProblem(
        'forbidden',
        "Only the conversation's creator may remove other participants; anyone may remove themselves.",
      );
    }
    if (!current.participantIds.includes(params.userId)) {
      throw new HttpProblem('not-found', 'That user is not a participant of this conversation.');
    }
    const changes = {
      participantIds: current.participantIds.filter((id) => id !== params.userId),
      updatedAt: timestamp(services.now()),
    };
    await saveRevision(ifMatch, current, changes, (c, v) => services.repository.updateConversation(c, v));
    return emptyReply();
  },
);
