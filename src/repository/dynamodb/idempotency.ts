import type { ClaimResult, IdempotencyClaim, IdempotencyCompletion } from '../port.js';
import { leaseLost } from '../preconditions.js';
import { toAttribute } from './attribute-value.js';
import type { DynamoContext } from './context.js';
import { idempotencyFromItem } from './items.js';
import { idempotencyKey } from './keys.js';
import { cancellationReasons, conditionalCheckFailure, toDomainError } from './map-error.js';
import type { AttributeMap, CancellationReason, TransactWriteItem, UpdateItemInput } from './protocol.js';
import { TTL_ATTRIBUTE } from './table.js';

const names = { '#s': 'state', '#e': TTL_ATTRIBUTE, '#l': 'lockedUntil' };

/** The fence every completing or releasing write carries: the key is still in progress under `token`. */
const FENCE = '#s = :progress AND #t = :token';
const fenceValues = (token: string): AttributeMap => ({ ':progress': { S: 'in_progress' }, ':token': { S: token } });

/**
 * Put-if-absent in one conditional `PutItem`. TTL deletion is lazy (often hours late), so the
 * condition itself treats an expired record, or an abandoned in-progress one, as absent; a takeover
 * writes the new claim's token, which fences the old claimant off. On failure `ALL_OLD` returns the
 * record that holds the key, so no second read is needed.
 */
export async function claimIdempotencyKey(ctx: DynamoContext, claim: IdempotencyClaim): Promise<ClaimResult> {
  try {
    await ctx.send('PutItem', {
      TableName: ctx.table,
      Item: {
        key: { S: claim.key },
        fingerprint: { S: claim.fingerprint },
        token: { S: claim.token },
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

/**
 * One fenced `UpdateItem`. A resend after a lost response finds the record completed under its own
 * token (returned by `ALL_OLD`): that is the success it was.
 */
export async function completeIdempotencyKey(ctx: DynamoContext, completion: IdempotencyCompletion): Promise<void> {
  try {
    await ctx.send('UpdateItem', completionUpdate(ctx.table, completion));
  } catch (error) {
    const failure = conditionalCheckFailure(error);
    if (!failure) throw toDomainError(error, 'UpdateItem');
    const current = failure.item ? idempotencyFromItem(failure.item) : null;
    if (current?.state === 'completed' && current.token === completion.token) return;
    throw leaseLost(completion, current);
  }
}

/** Only this token's in-progress claim is dropped; a completed or newer record stays, an absent one is fine. */
export async function releaseIdempotencyKey(ctx: DynamoContext, key: string, token: string): Promise<void> {
  try {
    await ctx.send('DeleteItem', {
      TableName: ctx.table,
      Key: idempotencyKey(key),
      ConditionExpression: FENCE,
      ExpressionAttributeNames: { '#s': 'state', '#t': 'token' },
      ExpressionAttributeValues: fenceValues(token),
    });
  } catch (error) {
    if (!conditionalCheckFailure(error)) throw toDomainError(error, 'DeleteItem');
  }
}

/** The completion as a transaction action, so it commits with the write it describes, fence included. */
export const completionAction = (table: string, completion: IdempotencyCompletion): TransactWriteItem => ({
  Update: completionUpdate(table, completion),
});

/**
 * The cancellation reasons of a failed transaction that carried `completion` as action `fenceAt`
 * (`null` when `error` is no cancellation), after the fence: when its condition failed, the whole
 * transaction was refused because another claim holds the key, and that is thrown first, naming the
 * record that holds the key now (from `ALL_OLD`).
 */
export function reasonsPastFence(
  error: unknown,
  completion: IdempotencyCompletion | undefined,
  fenceAt: number,
): CancellationReason[] | null {
  const reasons = cancellationReasons(error);
  const reason = reasons?.[fenceAt];
  if (completion && reason?.Code === 'ConditionalCheckFailed') {
    throw leaseLost(completion, reason.Item ? idempotencyFromItem(reason.Item) : null);
  }
  return reasons;
}

/** An update of the claim's own item, under the fence; `lockedUntil` of the claim is kept. */
function completionUpdate(table: string, completion: IdempotencyCompletion): UpdateItemInput {
  return {
    TableName: table,
    Key: idempotencyKey(completion.key),
    UpdateExpression: 'SET #f = :f, #s = :done, #r = :r, #e = :e',
    ConditionExpression: FENCE,
    ExpressionAttributeNames: {
      '#s': 'state',
      '#e': TTL_ATTRIBUTE,
      '#f': 'fingerprint',
      '#r': 'response',
      '#t': 'token',
    },
    ExpressionAttributeValues: {
      ...fenceValues(completion.token),
      ':f': { S: completion.fingerprint },
      ':done': { S: 'completed' },
      ':r': toAttribute(completion.response),
      ':e': { N: String(completion.expiresAt) },
    },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}
