import type { Hono } from 'hono';
import type { Conversation } from '../domain/model.js';
import type { AppEnv } from '../http/env.js';
import { HttpProblem } from '../http/problem.js';
import { emptyReply } from '../http/reply.js';
import { VersionMismatchError } from '../repository/errors.js';
import { LIMITS } from '../schemas/common.js';
import { requireMatch, timestamp, visibleConversation } from './access.js';
import { bind, type RouteHandler } from './bind.js';
import { conversationReply } from './conversations.js';
import * as ops from './operations/conversations.js';
import type { Services } from './services.js';

/** Adds race with other changes to the same conversation; each attempt re-reads it. */
const ADD_ATTEMPTS = 3;

export function mountParticipants(app: Hono<AppEnv>, services: Services): void {
  bind(app, services, ops.addParticipants, addParticipants);
  bind(app, services, ops.removeParticipant, removeParticipant);
}

const addParticipants: RouteHandler<typeof ops.addParticipants> = async (input) => {
  const { services, caller, params, body, commit } = input;
  for (let attempt = 1; ; attempt++) {
    const current = await visibleConversation(services.repository, params.conversationId, caller);
    const added = body.participantIds.filter((id) => !current.participantIds.includes(id));
    if (added.length === 0) return conversationReply(current);
    if (current.participantIds.length + added.length > LIMITS.participants) {
      throw new HttpProblem(
        'participant-limit',
        `A conversation has at most ${LIMITS.participants} participants; this one has ${current.participantIds.length}.`,
      );
    }
    const next: Conversation = {
      ...current,
      participantIds: [...current.participantIds, ...added],
      updatedAt: timestamp(services.now()),
      version: current.version + 1,
    };
    const reply = conversationReply(next);
    try {
      await commit(reply, (completion) => services.repository.updateConversation(next, current.version, completion));
      return reply;
    } catch (error) {
      if (!(error instanceof VersionMismatchError)) throw error;
      if (attempt >= ADD_ATTEMPTS) {
        throw new HttpProblem('concurrent-update', 'The conversation kept changing while adding participants; retry.');
      }
    }
  }
};

const removeParticipant: RouteHandler<typeof ops.removeParticipant> = async (input) => {
  const { services, caller, params, ifMatch } = input;
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
  requireMatch(ifMatch, current.version);
  const next: Conversation = {
    ...current,
    participantIds: current.participantIds.filter((id) => id !== params.userId),
    updatedAt: timestamp(services.now()),
    version: current.version + 1,
  };
  await services.repository.updateConversation(next, current.version);
  return emptyReply();
};
