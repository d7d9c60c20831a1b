import { VersionMismatchError } from '../errors.js';
import { checkExpected } from '../preconditions.js';
import type { DynamoContext } from './context.js';
import { recordFromItem } from './items.js';
import { conditionalCheckFailure, toDomainError } from './map-error.js';
import type { AttributeMap } from './protocol.js';

/** One conditional `PutItem` on `version`; on failure `ALL_OLD` tells a missing record from a stale version. */
export async function putIfVersion(
  ctx: DynamoContext,
  what: string,
  item: AttributeMap,
  expectedVersion: number,
): Promise<void> {
  try {
    await ctx.send('PutItem', {
      TableName: ctx.table,
      Item: item,
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  } catch (error) {
    const failure = conditionalCheckFailure(error);
    if (!failure) throw toDomainError(error, 'PutItem');
    const stored = failure.item ? recordFromItem<{ version: number }>(failure.item) : null;
    checkExpected(what, stored, expectedVersion);
    throw new VersionMismatchError(`${what} changed while it was updated`);
  }
}
