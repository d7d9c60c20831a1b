import type { Conversation } from '../../domain/model.js';
import { ConflictError, VersionMismatchError } from '../errors.js';
import type { ConversationPage, IdempotencyCompletion, PageRequest } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { batchGetAll } from './batch.js';
import { getItem, transact, type DynamoContext } from './context.js';
import { setFields } from './expressions.js';
import { completionAction, reasonsPastFence } from './idempotency.js';
import { conversationItem, readStateFromItem, recordFromItem, textAttribute } from './items.js';
import { conversationKey, membershipKey, MEMBER_SK_PREFIX, USER_PK_PREFIX } from './keys.js';
import { conditionFailed, toDomainError } from './map-error.js';
import { planMemberships } from './memberships.js';
import type { AttributeMap, TransactWriteItem } from './protocol.js';
import { ACTIVITY_INDEX } from './table.js';

/** One transaction: the conversation (if absent), the completion (fenced), every participant's index entry. */
export async function createConversation(
  ctx: DynamoContext,
  conversation: Conversation,
  completion: IdempotencyCompletion | undefined,
): Promise<void> {
  const record: TransactWriteItem[] = [
    {
      Put: {
        TableName: ctx.table,
        Item: conversationItem(conversation),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...(completion ? [completionAction(ctx.table, completion)] : []),
  ];
  const memberships = planMemberships(
    ctx,
    {
      conversationId: conversation.id,
      join: { userIds: conversation.participantIds, lastActivityAt: conversation.lastActivityAt, start: null },
    },
    record.length,
  );
  try {
    await transact(ctx, [...record, ...memberships.inTransaction]);
  } catch (error) {
    if (conditionFailed(reasonsPastFence(error, completion, 1)?.[0])) {
      throw new ConflictError(`conversation ${conversation.id} already exists`, 'exists');
    }
    throw toDomainError(error, 'TransactWriteItems');
  }
  await memberships.afterCommit();
}

export async function getConversation(ctx: DynamoContext, id: string): Promise<Conversation | null> {
  const item = await getItem(ctx, conversationKey(id));
  return item ? recordFromItem<Conversation>(item) : null;
}

/**
 * Read (to diff participants), then one transaction: the new fields at the expected version (activity
 * left as stored), index entries added and dropped, and the completion.
 */
export async function updateConversation(
  ctx: DynamoContext,
  next: Conversation,
  expectedVersion: number,
  completion: IdempotencyCompletion | undefined,
): Promise<void> {
  const stored = await getConversation(ctx, next.id);
  checkExpected(`conversation ${next.id}`, stored, expectedVersion);
  if (!stored) return;
  const { id: _id, lastActivityAt: _at, lastMessageId: _last, ...fields } = next;
  const set = setFields(fields);
  const record: TransactWriteItem[] = [
    {
      Update: {
        TableName: ctx.table,
        Key: conversationKey(next.id),
        ...set,
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { ...set.ExpressionAttributeNames, '#version': 'version' },
        ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ':expected': { N: String(expectedVersion) } },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    ...(completion ? [completionAction(ctx.table, completion)] : []),
  ];
  const before = new Set(stored.participantIds);
  const after = new Set(next.participantIds);
  const memberships = planMemberships(
    ctx,
    {
      conversationId: next.id,
      // A later joiner starts at the last message (history is not unread); those who stay keep theirs.
      join: {
        userIds: next.participantIds.filter((u) => !before.has(u)),
        lastActivityAt: stored.lastActivityAt,
        start: stored.lastMessageId ? { messageId: stored.lastMessageId, at: next.updatedAt } : null,
      },
      drop: stored.participantIds.filter((u) => !after.has(u)),
    },
    record.length,
  );
  try {
    await transact(ctx, [...record, ...memberships.inTransaction]);
  } catch (error) {
    const reason = reasonsPastFence(error, completion, 1)?.[0];
    if (conditionFailed(reason)) {
      const current = reason?.Item ? recordFromItem<Conversation>(reason.Item) : null;
      checkExpected(`conversation ${next.id}`, current, expectedVersion);
      throw new VersionMismatchError(`conversation ${next.id} changed while it was updated`);
    }
    throw toDomainError(error, 'TransactWriteItems');
  }
  await memberships.afterCommit();
}

/**
 * Query the `ByActivity` GSI (newest first, one item more than asked to know whether a next page
 * exists), then BatchGetItem the conversations and the caller's membership items: 2 round trips
 * (the second two parallel calls past 50 items). The cursor is the last entry's
 * `activityKey` (`<lastActivityAt>|<conversationId>`). The GSI is eventually consistent, so each
 * conversation is re-checked against its record before it is listed.
 */
export async function listConversations(
  ctx: DynamoContext,
  userId: string,
  page: PageRequest,
): Promise<ConversationPage> {
  const pk = `${USER_PK_PREFIX}${userId}`;
  let entries: Array<{ conversationId: string; activityKey: string }>;
  try {
    const out = await ctx.send('Query', {
      TableName: ctx.table,
      IndexName: ACTIVITY_INDEX,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': { S: pk } },
      ScanIndexForward: false,
      Limit: page.limit + 1,
      ...(page.cursor ? { ExclusiveStartKey: startKey(userId, page.cursor) } : {}),
    });
    entries = (out.Items ?? []).map((item) => {
      const sk = item.SK && 'S' in item.SK ? item.SK.S : '';
      const activity = item.activityKey && 'S' in item.activityKey ? item.activityKey.S : '';
      return { conversationId: sk.slice(MEMBER_SK_PREFIX.length), activityKey: activity };
    });
  } catch (error) {
    throw toDomainError(error, 'Query');
  }
  const pageEntries = entries.slice(0, page.limit);
  if (pageEntries.length === 0) return { items: [], cursor: null, readStates: [] };
  // The conversations and the caller's membership items (their read state) in one read: ≤ 100 keys
  // per BatchGetItem, so a page of more than 50 takes two calls, sent in parallel.
  const found = await batchGetAll(ctx, [
    ...pageEntries.map((e) => conversationKey(e.conversationId)),
    ...pageEntries.map((e) => membershipKey(userId, e.conversationId)),
  ]);
  const memberships = new Map<string, AttributeMap>();
  const byId = new Map<string, Conversation>();
  for (const item of found) {
    const sk = textAttribute(item, 'SK') ?? '';
    if (sk.startsWith(MEMBER_SK_PREFIX)) memberships.set(sk.slice(MEMBER_SK_PREFIX.length), item);
    else {
      const conversation = recordFromItem<Conversation>(item);
      byId.set(conversation.id, conversation);
    }
  }
  const items = pageEntries
    .map((e) => byId.get(e.conversationId))
    .filter((c): c is Conversation => c?.participantIds.includes(userId) === true);
  return {
    items,
    cursor: entries.length > page.limit ? (pageEntries.at(-1)?.activityKey ?? null) : null,
    readStates: items.map((c) => readStateFromItem(c.id, userId, memberships.get(c.id))),
  };
}

function startKey(userId: string, cursor: string) {
  const conversationId = cursor.slice(cursor.lastIndexOf('|') + 1);
  return { ...membershipKey(userId, conversationId), activityKey: { S: cursor } };
}
