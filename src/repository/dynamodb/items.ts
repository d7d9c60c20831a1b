import type { Conversation, Message, User } from '../../domain/model.js';
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

/** A user's index entry for one conversation: only keys, so the GSI can stay KEYS_ONLY. */
export const membershipItem = (userId: string, conversationId: string, lastActivityAt: string): AttributeMap => ({
  ...membershipKey(userId, conversationId),
  activityKey: { S: activityKey(lastActivityAt, conversationId) },
});

export const idempotencyFromItem = (item: AttributeMap): IdempotencyRecord => recordFromItem<IdempotencyRecord>(item);
