import type { AttributeMap } from './protocol.js';

/**
 * The single-table key design (see `docs/storage-dynamodb.md`). Every key is a plain string made of
 * ids, never a region or an account, so items replicate unchanged in a Global Table.
 */
const key = (pk: string, sk: string): AttributeMap => ({ PK: { S: pk }, SK: { S: sk } });

export const userKey = (userId: string) => key(`USER#${userId}`, 'PROFILE');
/** Handles arrive normalized (`normalizeHandle`: lower-case), so uniqueness is case-insensitive. */
export const handleItemKey = (lowerHandle: string) => key(`HANDLE#${lowerHandle}`, 'HANDLE');
/** A conversation's partition: its record (`CONV`) and its messages (`MSG#<id>`). */
export const conversationPartition = (conversationId: string) => `CONV#${conversationId}`;
export const conversationKey = (conversationId: string) => key(conversationPartition(conversationId), 'CONV');
/** Lives in the user's partition, so the `ByActivity` GSI (PK + activityKey) lists it per user. */
export const membershipKey = (userId: string, conversationId: string) =>
  key(`USER#${userId}`, `MEMBER#${conversationId}`);
export const messageKey = (conversationId: string, messageId: string) =>
  key(conversationPartition(conversationId), `${MESSAGE_PREFIX}${messageId}`);
/** In the conversation's partition; `ATT#` sorts before `CONV` and `MSG#`, so message queries never see it. */
export const attachmentKey = (conversationId: string, attachmentId: string) =>
  key(conversationPartition(conversationId), `ATT#${attachmentId}`);
export const idempotencyKey = (idempotencyKey: string) => key(`IDEM#${idempotencyKey}`, 'IDEM');

export const USER_PK_PREFIX = 'USER#';
export const MEMBER_SK_PREFIX = 'MEMBER#';
/**
 * Message sort keys. In a conversation's partition the only other item is `CONV`, which sorts before
 * `MSG#`, so `SK > MSG#<id>` selects exactly the newer messages.
 */
export const MESSAGE_PREFIX = 'MSG#';

/** GSI sort key: newest activity first, ties broken by conversation id (as every backend orders). */
export const activityKey = (lastActivityAt: string, conversationId: string) => `${lastActivityAt}|${conversationId}`;

/** Attributes that are keys, not record fields; stripped when an item becomes a record again. */
export const KEY_ATTRIBUTES = ['PK', 'SK', 'activityKey'] as const;
