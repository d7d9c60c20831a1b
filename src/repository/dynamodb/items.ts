import type { Conversation, Message, ReadState, User } from '../../domain/model.js';
import { LIMITS } from '../../domain/rules.js';
import type { IdempotencyRecord } from '../port.js';
import { fromAttributeMap, toAttributeMap } from './attribute-value.js';
import { activityKey, conversationKey, KEY_ATTRIBUTES, membershipKey, messageKey, userKey } from './keys.js';
import type { AttributeMap } from './protocol.js';

/**
 * Records ↔ items. A record is stored as its own fields plus the item's keys; reading strips the keys,
 * so what comes back equals what was written (the port's contract).
 */
export function recordFromItem<T>(item: AttributeMap): T {
  const record = fromAttributeMap(item);
  for (const name of KEY_ATTRIBUTES) delete record[name];
  return record as T;
}

export const userItem = (user: User): AttributeMap => ({ ...toAttributeMap(user), ...userKey(user.id) });

export const conversationItem = (conversation: Conversation): AttributeMap => ({
  ...toAttributeMap(conversation),
  ...conversationKey(conversation.id),
});

export const messageItem = (message: Message): AttributeMap => ({
  ...toAttributeMap(message),
  ...messageKey(message.conversationId, message.id),
});

/** A string attribute of `item`, `null` when absent or not a string. */
export function textAttribute(item: AttributeMap, name: string): string | null {
  const value = item[name];
  return value && 'S' in value ? value.S : null;
}

/** Where a joining participant's read horizon starts (a later joiner: the conversation's last message). */
export interface ReadStart {
  messageId: string;
  at: string;
}

/**
 * A user's membership item for one conversation: their index entry (keys only, so the KEYS_ONLY GSI
 * projects nothing else) and their read state (`readMessageId`, `readAt`, the `unread` counter), which
 * are absent until the horizon first moves (`null`, `null`, 0).
 */
export const membershipItem = (
  userId: string,
  conversationId: string,
  lastActivityAt: string,
  start: ReadStart | null = null,
): AttributeMap => ({
  ...membershipKey(userId, conversationId),
  activityKey: { S: activityKey(lastActivityAt, conversationId) },
  ...(start ? { readMessageId: { S: start.messageId }, readAt: { S: start.at }, unread: { N: '0' } } : {}),
});

/** `userId`'s read state from their membership item (absent: not a participant, or nothing read: null/0). */
export function readStateFromItem(conversationId: string, userId: string, item: AttributeMap | undefined): ReadState {
  const unread = item?.unread && 'N' in item.unread ? Number(item.unread.N) : 0;
  return {
    conversationId,
    userId,
    lastReadMessageId: item ? textAttribute(item, 'readMessageId') : null,
    readAt: item ? textAttribute(item, 'readAt') : null,
    unreadCount: Math.min(unread, LIMITS.unreadCap),
  };
}

export const idempotencyFromItem = (item: AttributeMap): IdempotencyRecord => recordFromItem<IdempotencyRecord>(item);
