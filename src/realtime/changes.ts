import type { ParticipantRead } from '../domain/read-state.js';
import type { Conversation, Message } from '../domain/model.js';
import { conversationEvents, type Delivery, messageEvents, readEvent } from './events.js';

/**
 * A committed write, as the store that committed it hands it on: the record before and after.
 * The conversation's Durable Object sends these (not events) to each recipient's socket object,
 * which derives the events itself (`changeEvents`), so the derivation stays out of the API Worker's
 * bundle; a DynamoDB Streams record's old and new images are the same pair.
 */
export type Change =
  | { message: Message; before: Message | null; participants: readonly string[] }
  | { conversation: Conversation; before: Conversation | null }
  // A participant's horizon moved (`markRead`); the unread count is theirs alone, so it stays out.
  | { read: ParticipantRead; participants: readonly string[] };

export function changeEvents(change: Change): Delivery[] {
  if ('read' in change) {
    const { read, participants } = change;
    return [readEvent(read.conversationId, read.userId, read.readAt ?? '', participants, read)];
  }
  return 'message' in change
    ? messageEvents(change.before, change.message, change.participants)
    : conversationEvents(change.before, change.conversation);
}
