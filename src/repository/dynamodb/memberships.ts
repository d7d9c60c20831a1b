import type { DynamoContext } from './context.js';
import { membershipKey } from './keys.js';
import { membershipItem } from './items.js';
import type { TransactWriteItem, WriteRequest } from './protocol.js';
import { batchWrite, TRANSACTION_LIMIT } from './batch.js';

/** A change to users' conversation index: (re)index them at an activity time, or drop them. */
export interface MembershipChange {
  conversationId: string;
  index: { userIds: string[]; lastActivityAt: string };
  drop: string[];
}

/**
 * Splits index writes between the transaction (as many as fit beside its `reserved` record actions,
 * within the 100-action limit) and an overflow written right after the commit with BatchWriteItem.
 * Past ~97 participants the overflow is therefore not atomic with the record; it is idempotent, the
 * record stays the source of truth (`listConversations` re-checks `participantIds`), and the next
 * message re-indexes every participant.
 */
export function planMemberships(ctx: DynamoContext, change: MembershipChange, reserved: number) {
  const writes: Array<{ action: TransactWriteItem; request: WriteRequest }> = [
    ...change.drop.map((userId) => {
      const Key = membershipKey(userId, change.conversationId);
      return { action: { Delete: { TableName: ctx.table, Key } }, request: { DeleteRequest: { Key } } };
    }),
    ...change.index.userIds.map((userId) => {
      const Item = membershipItem(userId, change.conversationId, change.index.lastActivityAt);
      return { action: { Put: { TableName: ctx.table, Item } }, request: { PutRequest: { Item } } };
    }),
  ];
  const room = Math.max(0, TRANSACTION_LIMIT - reserved);
  return {
    inTransaction: writes.slice(0, room).map((w) => w.action),
    afterCommit: () =>
      batchWrite(
        ctx,
        writes.slice(room).map((w) => w.request),
      ),
  };
}
