import type { Conversation, Message } from '../../domain/model.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { IdempotencyCompletion, MessagePageRequest, Page } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { countPosted } from './read-state.js';
import { checkClaim, copy, recordCompletion, type MemoryState } from './state.js';

export function postMessage(
  state: MemoryState,
  message: Message,
  completion: IdempotencyCompletion | undefined,
): Conversation {
  const conversation = state.conversations.get(message.conversationId);
  if (!conversation) throw new NotFoundError(`conversation ${message.conversationId} not found`);
  if (!conversation.participantIds.includes(message.authorId)) {
    throw new ConflictError(`${message.authorId} is not a participant`, 'not_participant');
  }
  let timeline = state.messages.get(message.conversationId);
  if (!timeline) state.messages.set(message.conversationId, (timeline = new Map()));
  if (timeline.has(message.id)) throw new ConflictError(`message ${message.id} already exists`, 'exists');
  checkClaim(state, completion);
  timeline.set(message.id, copy(message));
  // Ids are time-sortable: only a newer message moves the activity forward.
  if (conversation.lastMessageId === null || message.id > conversation.lastMessageId) {
    conversation.lastMessageId = message.id;
    conversation.lastActivityAt = message.createdAt;
  }
  countPosted(state, message);
  recordCompletion(state, completion);
  return copy(conversation);
}

export function getMessage(state: MemoryState, conversationId: string, messageId: string): Message | null {
  const message = state.messages.get(conversationId)?.get(messageId);
  return message ? copy(message) : null;
}

export function updateMessage(state: MemoryState, next: Message, expectedVersion: number): void {
  const timeline = state.messages.get(next.conversationId);
  checkExpected(`message ${next.id}`, timeline?.get(next.id), expectedVersion);
  timeline?.set(next.id, copy(next));
}

/** Newest first; the cursor is the id of the last message of the previous page. */
export function listMessages(state: MemoryState, conversationId: string, page: MessagePageRequest): Page<Message> {
  const timeline = [...(state.messages.get(conversationId) ?? new Map<string, Message>()).values()];
  const byId = (a: Message, b: Message) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  // Forward (sync): oldest first, starting after `after` or after the last id of the previous page.
  const start = page.after === undefined ? undefined : (page.cursor ?? page.after);
  const ordered =
    start !== undefined
      ? timeline.filter(({ id }) => id > start).sort(byId)
      : timeline.filter(({ id }) => page.cursor === undefined || id < page.cursor).sort((a, b) => byId(b, a));
  const items = ordered.slice(0, page.limit);
  return {
    items: items.map(copy),
    cursor: ordered.length > page.limit ? (items.at(-1)?.id ?? null) : null,
  };
}
