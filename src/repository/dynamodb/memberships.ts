import type { Message } from '../../domain/model.js';
import type { DynamoContext } from './context.js';
import { membershipItem, type ReadStart } from './items.js';
import { activityKey, membershipKey } from './keys.js';
import type { TransactWriteItem, UpdateItemInput, WriteRequest } from './protocol.js';
import { batchWrite, TRANSACTION_LIMIT } from './batch.js';
import { toDomainError } from './map-error.js';

/**
 * A change to users' membership items (their conversation index entry and their read state):
 * participants joining (a fresh item, starting at `start`), a message posted (every participant
 * re-indexed at its time, its author's horizon moved to it, the others' unread counter grown), or
 * participants dropped. Items of participants who stay are otherwise never rewritten, so their read
 * state survives every change.
 */
export interface MembershipChange {
  conversationId: string;
  join?: { userIds: string[]; lastActivityAt: string; start: ReadStart | null };
  post?: { message: Message; userIds: string[] };
  drop?: string[];
}

/** Overflow updates in flight at once: enough to finish 150 in a few round trips, few enough not to throttle. */
const OVERFLOW_CONCURRENCY = 8;

type Write = { action: TransactWriteItem; overflow: { request: WriteRequest } | { update: UpdateItemInput } };

/**
 * Splits membership writes between the transaction (as many as fit beside its `reserved` record
 * actions, within the 100-action limit; the author's first) and an overflow written right after the
 * commit: Puts and Deletes with BatchWriteItem, the post's Updates (which BatchWriteItem cannot
 * carry) as UpdateItem calls, `OVERFLOW_CONCURRENCY` at a time. Past ~97 participants the overflow is
 * therefore not atomic with the record: best effort, written after the commit. Its index entries are
 * idempotent and the record stays the source of truth (`listConversations` re-checks
 * `participantIds`); an overflow unread increment lost to a failure stays lost until that member's
 * next `markRead` recounts.
 */
export function planMemberships(ctx: DynamoContext, change: MembershipChange, reserved: number) {
  const { conversationId } = change;
  const writes: Write[] = [
    ...(change.drop ?? []).map((userId): Write => {
      const Key = membershipKey(userId, conversationId);
      return { action: { Delete: { TableName: ctx.table, Key } }, overflow: { request: { DeleteRequest: { Key } } } };
    }),
    ...(change.join ? joinItems(change.join, conversationId) : []).map((Item): Write => {
      return { action: { Put: { TableName: ctx.table, Item } }, overflow: { request: { PutRequest: { Item } } } };
    }),
    ...postUpdates(ctx.table, change.post, conversationId).map(
      (update): Write => ({ action: { Update: update }, overflow: { update } }),
    ),
  ];
  const room = Math.max(0, TRANSACTION_LIMIT - reserved);
  const overflow = writes.slice(room).map((w) => w.overflow);
  return {
    inTransaction: writes.slice(0, room).map((w) => w.action),
    afterCommit: async () => {
      await batchWrite(
        ctx,
        overflow.flatMap((o) => ('request' in o ? [o.request] : [])),
      );
      await updateAll(
        ctx,
        overflow.flatMap((o) => ('update' in o ? [o.update] : [])),
      );
    },
  };
}

function joinItems(join: NonNullable<MembershipChange['join']>, conversationId: string) {
  return join.userIds.map((userId) => membershipItem(userId, conversationId, join.lastActivityAt, join.start));
}

/** The author's horizon moves to the message (unread 0); everyone else gets one more unread. */
function postUpdates(table: string, post: MembershipChange['post'], conversationId: string): UpdateItemInput[] {
  if (!post) return [];
  const { message } = post;
  const indexed = { ':ak': { S: activityKey(message.createdAt, conversationId) } };
  const author = post.userIds.filter((u) => u === message.authorId);
  const others = post.userIds.filter((u) => u !== message.authorId);
  return [
    ...author.map((userId) => ({
      TableName: table,
      Key: membershipKey(userId, conversationId),
      UpdateExpression: 'SET activityKey = :ak, readMessageId = :id, readAt = :at, unread = :zero',
      ExpressionAttributeValues: {
        ...indexed,
        ':id': { S: message.id },
        ':at': { S: message.createdAt },
        ':zero': { N: '0' },
      },
    })),
    ...others.map((userId) => ({
      TableName: table,
      Key: membershipKey(userId, conversationId),
      UpdateExpression: 'SET activityKey = :ak ADD unread :one',
      ExpressionAttributeValues: { ...indexed, ':one': { N: '1' } },
    })),
  ];
}

async function updateAll(ctx: DynamoContext, updates: UpdateItemInput[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let update = updates[next++]; update; update = updates[next++]) {
      try {
        await ctx.send('UpdateItem', update);
      } catch (error) {
        throw toDomainError(error, 'UpdateItem');
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(OVERFLOW_CONCURRENCY, updates.length) }, worker));
}
