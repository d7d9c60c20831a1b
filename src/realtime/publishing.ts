import { participantRead } from '../domain/read-state.js';
import type { Repository } from '../repository/port.js';
import { conversationEvents, type Delivery, messageEvents, readEvent } from './events.js';

/** Where the events of committed writes go (an in-process hub on Node). */
export type Publish = (deliveries: Delivery[]) => void;

/**
 * `repository` whose committed writes publish their events, for targets whose fan-out runs in the
 * same process (Node, Greengrass). An event is published only after its write resolved, so a failed
 * or refused write (a lost race, a duplicate id) publishes nothing. An update reads the record it
 * replaces first: with the write conditional on `expectedVersion`, that read is the version replaced.
 * Workers and AWS derive the same events where the write commits (the conversation's object, the
 * table's stream), so they do not use this.
 */
export function withEvents(repository: Repository, publish: Publish): Repository {
  const wrapped: Repository = {
    ...repository,
    async createConversation(conversation, completion) {
      await repository.createConversation(conversation, completion);
      publish(conversationEvents(null, conversation));
    },
    async updateConversation(next, expectedVersion, completion) {
      const before = await repository.getConversation(next.id);
      await repository.updateConversation(next, expectedVersion, completion);
      // The stored activity fields win over the ones `next` carries (the port's contract).
      const after = before
        ? { ...next, lastActivityAt: before.lastActivityAt, lastMessageId: before.lastMessageId }
        : next;
      publish(conversationEvents(before, after));
    },
    async postMessage(message, completion) {
      const conversation = await repository.postMessage(message, completion);
      publish(messageEvents(null, message, conversation.participantIds));
      return conversation;
    },
    async updateMessage(next, expectedVersion) {
      const before = await repository.getMessage(next.conversationId, next.id);
      await repository.updateMessage(next, expectedVersion);
      const conversation = await repository.getConversation(next.conversationId);
      if (before && conversation) publish(messageEvents(before, next, conversation.participantIds));
    },
    async markRead(conversationId, userId, messageId, at) {
      const result = await repository.markRead(conversationId, userId, messageId, at);
      const conversation = result.moved ? await repository.getConversation(conversationId) : null;
      if (conversation) {
        publish([readEvent(conversationId, userId, at, conversation.participantIds, participantRead(result.state))]);
      }
      return result;
    },
  };
  const { withDeadline } = repository;
  if (withDeadline) wrapped.withDeadline = (deadline) => withEvents(withDeadline.call(repository, deadline), publish);
  return wrapped;
}
