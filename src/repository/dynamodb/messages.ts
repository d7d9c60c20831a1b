import type { Conversation, Message } from '../../domain/model.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../errors.js';
import type { IdempotencyCompletion, MessagePageRequest, Page } from '../port.js';
import { getItem, transact, type DynamoContext } from './context.js';
import { getConversation } from './conversations.js';
import { completionAction, reasonsPastFence } from './idempotency.js';
import { messageItem, recordFromItem } from './items.js';
import { conversationKey, conversationPartition, MESSAGE_PREFIX, messageKey } from './keys.js';
import { conditionFailed, toDomainError } from './map-error.js';
import { planMemberships } from './memberships.js';
import type { TransactWriteItem } from './protocol.js';
import { putIfVersion } from './versioned-put.js';

/**
 * Read the conversation (participants, version), then ONE transaction: put the message (if its id is
 * new), bump the conversation's activity on the condition that its version — and so its participant
 * list — is still the one read, record the completion (fenced: only while the key is still in progress
 * under its claim's token), and update every participant's membership item (re-indexed; the author's
 * read horizon moved to the message, the others' unread counter grown: `planMemberships`). Only a
 * newer message moves the activity and the read state (ids are time-sortable); an older one that
 * races in leaves them alone.
 */
export async function postMessage(
  ctx: DynamoContext,
  message: Message,
  completion: IdempotencyCompletion | undefined,
): Promise<Conversation> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const conversation = await getConversation(ctx, message.conversationId);
    if (!conversation) throw new NotFoundError(`conversation ${message.conversationId} not found`);
    if (!conversation.participantIds.includes(message.authorId)) {
      throw new ConflictError(`${message.authorId} is not a participant`, 'not_participant');
    }
    const newer = conversation.lastMessageId === null || message.id > conversation.lastMessageId;
    const record: TransactWriteItem[] = [
      { Put: { TableName: ctx.table, Item: messageItem(message), ConditionExpression: 'attribute_not_exists(PK)' } },
      conversationGuard(ctx.table, conversation, message, newer),
      ...(completion ? [completionAction(ctx.table, completion)] : []),
    ];
    const memberships = planMemberships(
      ctx,
      {
        conversationId: conversation.id,
        ...(newer ? { post: { message, userIds: conversation.participantIds } } : {}),
      },
      record.length,
    );
    try {
      await transact(ctx, [...record, ...memberships.inTransaction]);
    } catch (error) {
      // A stale claimant's post (its lease lapsed and the key was taken over) is refused first.
      const reasons = reasonsPastFence(error, completion, 2);
      if (conditionFailed(reasons?.[0])) throw new ConflictError(`message ${message.id} already exists`, 'exists');
      if (conditionFailed(reasons?.[1])) continue; // renamed, re-membered or bumped meanwhile: read again
      throw toDomainError(error, 'TransactWriteItems');
    }
    await memberships.afterCommit();
    return newer ? { ...conversation, lastActivityAt: message.createdAt, lastMessageId: message.id } : conversation;
  }
  throw new VersionMismatchError(`conversation ${message.conversationId} kept changing while posting`);
}

function conversationGuard(table: string, conversation: Conversation, message: Message, newer: boolean) {
  const names = { '#version': 'version', '#participants': 'participantIds', '#last': 'lastMessageId' };
  const values = {
    ':version': { N: String(conversation.version) },
    ':author': { S: message.authorId },
    ':id': { S: message.id },
    ':null': { S: 'NULL' },
  };
  const unchanged = '#version = :version AND contains(#participants, :author)';
  if (!newer) {
    return {
      ConditionCheck: {
        TableName: table,
        Key: conversationKey(conversation.id),
        ConditionExpression: unchanged,
        ExpressionAttributeNames: { '#version': names['#version'], '#participants': names['#participants'] },
        ExpressionAttributeValues: { ':version': values[':version'], ':author': values[':author'] },
      },
    } satisfies TransactWriteItem;
  }
  return {
    Update: {
      TableName: table,
      Key: conversationKey(conversation.id),
      UpdateExpression: 'SET #at = :at, #last = :id',
      ConditionExpression: `${unchanged} AND (attribute_type(#last, :null) OR #last < :id)`,
      ExpressionAttributeNames: { ...names, '#at': 'lastActivityAt' },
      ExpressionAttributeValues: { ...values, ':at': { S: message.createdAt } },
    },
  } satisfies TransactWriteItem;
}

export async function getMessage(ctx: DynamoContext, conversationId: string, messageId: string) {
  const item = await getItem(ctx, messageKey(conversationId, messageId));
  return item ? recordFromItem<Message>(item) : null;
}

/** One conditional `PutItem` (`putIfVersion`). */
export function updateMessage(ctx: DynamoContext, next: Message, expectedVersion: number): Promise<void> {
  return putIfVersion(ctx, `message ${next.id}`, messageItem(next), expectedVersion);
}

/**
 * One Query on the conversation's partition, newest first. `after` and the cursor (the last id of the
 * previous page) bound the sort key; `BETWEEN` is inclusive, so the bounds themselves are dropped here
 * and two extra items are fetched to still know whether another page follows.
 */
export async function listMessages(
  ctx: DynamoContext,
  conversationId: string,
  page: MessagePageRequest,
): Promise<Page<Message>> {
  // With `after` (sync): oldest first, from after it or after the previous page's last id; the range
  // is bounded above by the message prefix so no other item of the partition is read.
  const forward = page.after !== undefined;
  const start = page.cursor ?? page.after;
  const low = forward ? `${MESSAGE_PREFIX}${start}` : MESSAGE_PREFIX;
  const high = !forward && page.cursor !== undefined ? `${MESSAGE_PREFIX}${page.cursor}` : `${MESSAGE_PREFIX}\uffff`;
  try {
    const out = await ctx.send('Query', {
      ...messageRange(ctx.table, conversationId, low, high),
      ScanIndexForward: forward,
      // One more than a page to know whether another follows, one more for the inclusive bound.
      Limit: page.limit + 2,
    });
    const messages = (out.Items ?? [])
      .map((item) => recordFromItem<Message>(item))
      .filter((m) => (forward ? m.id > (start ?? '') : page.cursor === undefined || m.id < page.cursor));
    const items = messages.slice(0, page.limit);
    return { items, cursor: messages.length > page.limit ? (items.at(-1)?.id ?? null) : null };
  } catch (error) {
    throw toDomainError(error, 'Query');
  }
}

/**
 * A consistent Query of one conversation's messages whose sort keys lie between `low` and `high`
 * (inclusive, as `BETWEEN` is): the listing above and the read-state unread count share it.
 */
export function messageRange(table: string, conversationId: string, low: string, high: string) {
  return {
    TableName: table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :low AND :high',
    ExpressionAttributeValues: {
      ':pk': { S: conversationPartition(conversationId) },
      ':low': { S: low },
      ':high': { S: high },
    },
    ConsistentRead: true,
  };
}
