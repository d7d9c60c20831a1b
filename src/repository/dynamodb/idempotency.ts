import type { ClaimResult, IdempotencyClaim, IdempotencyCompletion } from '../port.js';
import { toAttribute } from './attribute-value.js';
import type { DynamoContext } from './context.js';
import { idempotencyFromItem } from './items.js';
import { idempotencyKey } from './keys.js';
import { conditionalCheckFailure, toDomainError } from './map-error.js';
import type { TransactWriteItem, UpdateItemInput } from './protocol.js';
import { TTL_ATTRIBUTE } from './table.js';

const names = { '#s': 'state', '#e': TTL_ATTRIBUTE, '#l': 'lockedUntil' };

/**
 * Put-if-absent in one conditional `PutItem`. TTL deletion is lazy (often hours late), so the
 * condition itself treats an expired record, or an abandoned in-progress one, as absent; on failure
 * `ALL_OLD` returns the record that holds the key, so no second read is needed.
 */
export async function claimIdempotencyKey(ctx: DynamoContext, claim: IdempotencyClaim): Promise<ClaimResult> {
  try {
    await ctx.send('PutItem', {
      TableName: ctx.table,
      Item: {
        key: { S: claim.key },
        fingerprint: { S: claim.fingerprint },
        state: { S: 'in_progress' },
        response: { NULL: true },
        [TTL_ATTRIBUTE]: { N: String(claim.expiresAt) },
        lockedUntil: { N: String(claim.lockedUntil) },
        ...idempotencyKey(claim.key),
      },
      ConditionExpression: 'attribute_not_exists(PK) OR #e < :now OR (#s = :progress AND #l < :now)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':now': { N: String(claim.now) }, ':progress': { S: 'in_progress' } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    return { claimed: true };
  } catch (error) {
    const failure = conditionalCheckFailure(error);
    if (failure?.item) return { claimed: false, existing: idempotencyFromItem(failure.item) };
    throw toDomainError(error, 'PutItem');
  }
}

export async function completeIdempotencyKey(ctx: DynamoContext, completion: IdempotencyCompletion): Promise<void> {
  try {
    await ctx.send('UpdateItem', completionUpdate(ctx.table, completion));
  } catch (error) {
    throw toDomainError(error, 'UpdateItem');
  }
}

/** Only an in-progress claim is dropped; a completed one stays replayable, an absent one is fine. */
export async function releaseIdempotencyKey(ctx: DynamoContext, key: string): Promise<void> {
  try {
    await ctx.send('DeleteItem', {
      TableName: ctx.table,
      Key: idempotencyKey(key),
      ConditionExpression: '#s = :progress',
      ExpressionAttributeNames: { '#s': 'state' },
      ExpressionAttributeValues: { ':progress': { S: 'in_progress' } },
    });
  } catch (error) {
    if (conditionalCheckFailure(error)) return;
    throw toDomainError(error, 'DeleteItem');
  }
}

/** The completion as a transaction action, so it commits with the write it describes. */
export const completionAction = (table: string, completion: IdempotencyCompletion): TransactWriteItem => ({
  Update: completionUpdate(table, completion),
});

/** An update, not a put: `lockedUntil` of the claim is kept (0 when there was no claim). */
function completionUpdate(table: string, completion: IdempotencyCompletion): UpdateItemInput {
  return {
    TableName: table,
    Key: idempotencyKey(completion.key),
    UpdateExpression: 'SET #k = :k, #f = :f, #s = :done, #r = :r, #e = :e, #l = if_not_exists(#l, :zero)',
    ExpressionAttributeNames: { ...names, '#k': 'key', '#f': 'fingerprint', '#r': 'response' },
    ExpressionAttributeValues: {
      ':k': { S: completion.key },
      ':f': { S: completion.fingerprint },
      ':done': { S: 'completed' },
      ':r': toAttribute(completion.response),
      ':e': { N: String(completion.expiresAt) },
      ':zero': { N: '0' },
    },
  };
}
