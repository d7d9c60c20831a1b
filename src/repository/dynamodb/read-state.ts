import type { Conversation, ReadState } from '../../domain/model.js';
import { LIMITS } from '../../domain/rules.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../errors.js';
import type { MarkReadResult } from '../port.js';
import { batchGet, batchGetAll } from './batch.js';
import { transact, type DynamoContext } from './context.js';
import { getConversation } from './conversations.js';
import { messageRange } from './messages.js';
import { readStateFromItem, recordFromItem, textAttribute } from './items.js';
import {
  activityKey,
  conversationKey,
  MEMBER_SK_PREFIX,
  MESSAGE_PREFIX,
  membershipKey,
  USER_PK_PREFIX,
} from './keys.js';
import { cancellationReasons, conditionFailed, toDomainError } from './map-error.js';
import type { AttributeMap, TransactWriteItem } from './protocol.js';

/**
 * Read state lives on the membership item (`USER#u / MEMBER#c`: `readMessageId`, `readAt`, `unread`),
 * beside the index entry every read of a conversation list already touches. Posting keeps the counter
 * (`planMemberships`); marking read recounts it here.
 */

/** Re-reads after a post raced the count, before giving up with a 409-mapped `VersionMismatchError`. */
const MARK_READ_ATTEMPTS = 5;
/** Query pages walked while counting; only the reader's own out-of-order messages make a second one. */
const COUNT_PAGES = 5;

/**
 * One BatchGetItem (conversation + membership); if the horizon moves: one Query counting others'
 * messages after it (up to the cap), then one TransactWriteItems: a ConditionCheck that the
 * conversation's `lastMessageId` is still the one read (a post committed between the count and the
 * write made the count short: read again) and that the user is still a participant, and the
 * membership Update conditional on the stored horizon being older (else: not moved, the stored
 * state returned). A post committing after the write adds its unread to the new count, so the
 * counter never ends wrong.
 */
export async function markRead(
  ctx: DynamoContext,
  conversationId: string,
  userId: string,
  messageId: string,
  at: string,
): Promise<MarkReadResult> {
  for (let attempt = 0; attempt < MARK_READ_ATTEMPTS; attempt++) {
    const items = await batchGet(ctx, [conversationKey(conversationId), membershipKey(userId, conversationId)]);
    const conversationItem = items.find((item) => sk(item) === 'CONV');
    if (!conversationItem) throw new NotFoundError(`conversation ${conversationId} not found`);
    const conversation = recordFromItem<Conversation>(conversationItem);
    if (!conversation.participantIds.includes(userId)) {
      throw new ConflictError(`${userId} is not a participant`, 'not_participant');
    }
    const stored = readStateFromItem(
      conversationId,
      userId,
      items.find((item) => item !== conversationItem),
    );
    if (stored.lastReadMessageId !== null && messageId <= stored.lastReadMessageId)
      return { state: stored, moved: false };
    const unread = await countUnread(ctx, conversationId, userId, messageId);
    try {
      await transact(ctx, [
        unchangedSince(ctx.table, conversation, userId),
        moveHorizon(ctx.table, conversation, userId, { messageId, at, unread }),
      ]);
    } catch (error) {
      const reasons = cancellationReasons(error);
      const horizon = reasons?.[1];
      if (conditionFailed(horizon)) {
        return { state: readStateFromItem(conversationId, userId, horizon?.Item), moved: false };
      }
      if (conditionFailed(reasons?.[0])) continue;
      throw toDomainError(error, 'TransactWriteItems');
    }
    return {
      state: { conversationId, userId, lastReadMessageId: messageId, readAt: at, unreadCount: unread },
      moved: true,
    };
  }
  throw new VersionMismatchError(`conversation ${conversationId} kept changing while marking it read`);
}

/** The users' membership items, one BatchGetItem per 100 ids (in parallel). */
export async function getReadStates(
  ctx: DynamoContext,
  userId: string,
  conversationIds: string[],
): Promise<ReadState[]> {
  if (conversationIds.length === 0) return [];
  const found = await batchGetAll(
    ctx,
    conversationIds.map((id) => membershipKey(userId, id)),
  );
  const bySk = new Map(found.map((item) => [sk(item), item]));
  return conversationIds.map((id) => readStateFromItem(id, userId, bySk.get(`${MEMBER_SK_PREFIX}${id}`)));
}

/** GetItem the conversation (its participants), then BatchGetItem their membership items. */
export async function listReadStates(ctx: DynamoContext, conversationId: string): Promise<ReadState[]> {
  const conversation = await getConversation(ctx, conversationId);
  if (!conversation) return [];
  const found = await batchGetAll(
    ctx,
    conversation.participantIds.map((userId) => membershipKey(userId, conversationId)),
  );
  const byPk = new Map(found.map((item) => [pk(item), item]));
  return conversation.participantIds.map((userId) =>
    readStateFromItem(conversationId, userId, byPk.get(`${USER_PK_PREFIX}${userId}`)),
  );
}

/** Messages by others after `after`, up to the cap, reading only their keys and authors. */
async function countUnread(ctx: DynamoContext, conversationId: string, userId: string, after: string): Promise<number> {
  let unread = 0;
  let start: AttributeMap | undefined;
  for (let page = 0; page < COUNT_PAGES && unread < LIMITS.unreadCap; page++) {
    try {
      const out = await ctx.send('Query', {
        ...messageRange(ctx.table, conversationId, `${MESSAGE_PREFIX}${after}`, `${MESSAGE_PREFIX}\uffff`),
        ProjectionExpression: 'SK, authorId',
        // The inclusive lower bound is the horizon itself: one more than the cap.
        Limit: LIMITS.unreadCap + 1,
        ...(start ? { ExclusiveStartKey: start } : {}),
      });
      for (const item of out.Items ?? []) {
        if (sk(item) !== `${MESSAGE_PREFIX}${after}` && textAttribute(item, 'authorId') !== userId) unread++;
      }
      start = out.LastEvaluatedKey;
    } catch (error) {
      throw toDomainError(error, 'Query');
    }
    if (!start) break;
  }
  return Math.min(unread, LIMITS.unreadCap);
}

function unchangedSince(table: string, conversation: Conversation, userId: string): TransactWriteItem {
  const seen = conversation.lastMessageId;
  return {
    ConditionCheck: {
      TableName: table,
      Key: conversationKey(conversation.id),
      ConditionExpression: `contains(#participants, :user) AND ${seen === null ? 'attribute_type(#last, :null)' : '#last = :seen'}`,
      ExpressionAttributeNames: { '#participants': 'participantIds', '#last': 'lastMessageId' },
      ExpressionAttributeValues: {
        ':user': { S: userId },
        ...(seen === null ? { ':null': { S: 'NULL' } } : { ':seen': { S: seen } }),
      },
    },
  };
}

function moveHorizon(
  table: string,
  conversation: Conversation,
  userId: string,
  next: { messageId: string; at: string; unread: number },
): TransactWriteItem {
  return {
    Update: {
      TableName: table,
      Key: membershipKey(userId, conversation.id),
      // An item lost to a failed overflow write is re-made whole: the index entry too.
      UpdateExpression:
        'SET readMessageId = :id, readAt = :at, unread = :unread, activityKey = if_not_exists(activityKey, :ak)',
      ConditionExpression: 'attribute_not_exists(readMessageId) OR readMessageId < :id',
      ExpressionAttributeValues: {
        ':id': { S: next.messageId },
        ':at': { S: next.at },
        ':unread': { N: String(next.unread) },
        ':ak': { S: activityKey(conversation.lastActivityAt, conversation.id) },
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

const sk = (item: AttributeMap) => textAttribute(item, 'SK') ?? '';
const pk = (item: AttributeMap) => textAttribute(item, 'PK') ?? '';
