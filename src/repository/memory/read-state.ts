import type { Conversation, Message, ReadState } from '../../domain/model.js';
import { LIMITS } from '../../domain/rules.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { MarkReadResult } from '../port.js';
import type { Horizon, MemoryState } from './state.js';

/** Read state (rules in `src/schemas/read-state.ts`): one `Horizon` per participant, beside the conversation. */

export function markRead(
  state: MemoryState,
  conversationId: string,
  userId: string,
  messageId: string,
  at: string,
): MarkReadResult {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) throw new NotFoundError(`conversation ${conversationId} not found`);
  const horizon = horizonsOf(state, conversationId).get(userId);
  if (!conversation.participantIds.includes(userId) || !horizon) {
    throw new ConflictError(`${userId} is not a participant`, 'not_participant');
  }
  const moved = horizon.lastReadMessageId === null || messageId > horizon.lastReadMessageId;
  if (moved) {
    horizon.lastReadMessageId = messageId;
    horizon.readAt = at;
    horizon.unread = countUnread(state.messages.get(conversationId), userId, messageId);
  }
  return { state: readStateOf(conversationId, userId, horizon), moved };
}

export function getReadStates(state: MemoryState, userId: string, conversationIds: string[]): ReadState[] {
  return conversationIds.map((id) => readStateOf(id, userId, state.readStates.get(id)?.get(userId)));
}

export function listReadStates(state: MemoryState, conversationId: string): ReadState[] {
  const conversation = state.conversations.get(conversationId);
  if (!conversation) return [];
  const horizons = horizonsOf(state, conversationId);
  return conversation.participantIds.map((userId) => readStateOf(conversationId, userId, horizons.get(userId)));
}

/**
 * Keep the horizons in step with a conversation's participants: a new participant starts at the
 * conversation's last message `start` (history is not unread; `null`/0 at creation), one that stays keeps
 * theirs, one removed loses it.
 */
export function syncHorizons(state: MemoryState, conversation: Conversation, start: string | null, at: string): void {
  const horizons = horizonsOf(state, conversation.id);
  const kept = new Set(conversation.participantIds);
  for (const userId of horizons.keys()) if (!kept.has(userId)) horizons.delete(userId);
  for (const userId of conversation.participantIds) {
    if (!horizons.has(userId)) horizons.set(userId, { lastReadMessageId: start, readAt: start && at, unread: 0 });
  }
}

/** A posted message: its author has read up to it, everyone else has one more unread. */
export function countPosted(state: MemoryState, message: Message): void {
  for (const [userId, horizon] of horizonsOf(state, message.conversationId)) {
    if (userId === message.authorId) {
      if (horizon.lastReadMessageId === null || message.id > horizon.lastReadMessageId) {
        Object.assign(horizon, { lastReadMessageId: message.id, readAt: message.createdAt, unread: 0 });
      }
    } else if (horizon.lastReadMessageId === null || message.id > horizon.lastReadMessageId) {
      horizon.unread++;
    }
  }
}

function horizonsOf(state: MemoryState, conversationId: string): Map<string, Horizon> {
  let horizons = state.readStates.get(conversationId);
  if (!horizons) state.readStates.set(conversationId, (horizons = new Map()));
  return horizons;
}

function countUnread(timeline: Map<string, Message> | undefined, userId: string, after: string): number {
  let unread = 0;
  for (const message of timeline?.values() ?? []) {
    if (message.id > after && message.authorId !== userId && ++unread === LIMITS.unreadCap) break;
  }
  return unread;
}

function readStateOf(conversationId: string, userId: string, horizon: Horizon | undefined): ReadState {
  return {
    conversationId,
    userId,
    lastReadMessageId: horizon?.lastReadMessageId ?? null,
    readAt: horizon?.readAt ?? null,
    unreadCount: Math.min(horizon?.unread ?? 0, LIMITS.unreadCap),
  };
}
