import type { Attachment } from '../../domain/model.js';
import { ConflictError } from '../errors.js';
import type { IdempotencyCompletion } from '../port.js';
import { getItem, transact, type DynamoContext } from './context.js';
import { completionAction, reasonsPastFence } from './idempotency.js';
import { toAttributeMap } from './attribute-value.js';
import { recordFromItem } from './items.js';
import { attachmentKey } from './keys.js';
import { conditionalCheckFailure, conditionFailed, toDomainError } from './map-error.js';
import { putIfVersion } from './versioned-put.js';

// `expiresAt` is the table's TTL attribute: a record never posted is deleted by DynamoDB after it.
const attachmentItem = (attachment: Attachment) => ({
  ...toAttributeMap(attachment),
  ...attachmentKey(attachment.conversationId, attachment.id),
});

/** Put-if-absent, with the completion (fenced) in the same transaction when there is one. */
export async function createAttachment(
  ctx: DynamoContext,
  attachment: Attachment,
  completion: IdempotencyCompletion | undefined,
): Promise<void> {
  const put = {
    TableName: ctx.table,
    Item: attachmentItem(attachment),
    ConditionExpression: 'attribute_not_exists(PK)',
  };
  try {
    if (completion) await transact(ctx, [{ Put: put }, completionAction(ctx.table, completion)]);
    else await ctx.send('PutItem', put);
  } catch (error) {
    const reasons = reasonsPastFence(error, completion, 1);
    const exists = completion ? conditionFailed(reasons?.[0]) : conditionalCheckFailure(error) !== null;
    if (exists) throw new ConflictError(`attachment ${attachment.id} already exists`, 'exists');
    throw toDomainError(error, completion ? 'TransactWriteItems' : 'PutItem');
  }
}

export async function getAttachment(ctx: DynamoContext, conversationId: string, attachmentId: string) {
  const item = await getItem(ctx, attachmentKey(conversationId, attachmentId));
  return item ? recordFromItem<Attachment>(item) : null;
}

export function updateAttachment(ctx: DynamoContext, next: Attachment, expectedVersion: number): Promise<void> {
  return putIfVersion(ctx, `attachment ${next.id}`, attachmentItem(next), expectedVersion);
}
