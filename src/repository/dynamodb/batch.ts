import { StoreUnavailableError } from '../errors.js';
import type { DynamoContext } from './context.js';
import { toDomainError } from './map-error.js';
import type { AttributeMap, WriteRequest } from './protocol.js';

/** DynamoDB's per-request ceilings (BatchWriteItem 25, BatchGetItem 100, TransactWriteItems 100). */
export const BATCH_WRITE_LIMIT = 25;
export const BATCH_GET_LIMIT = 100;
export const TRANSACTION_LIMIT = 100;

/**
 * Writes `requests` with BatchWriteItem, 25 at a time, resending `UnprocessedItems` with backoff
 * until none are left (or the attempts run out: `StoreUnavailableError`).
 */
export async function batchWrite(ctx: DynamoContext, requests: WriteRequest[]): Promise<void> {
  for (let start = 0; start < requests.length; start += BATCH_WRITE_LIMIT) {
    let pending = requests.slice(start, start + BATCH_WRITE_LIMIT);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > ctx.backoff.maxAttempts) throw new StoreUnavailableError('DynamoDB kept items unprocessed');
      if (attempt > 1) await ctx.backoff.pause(attempt - 1);
      try {
        const out = await ctx.send('BatchWriteItem', { RequestItems: { [ctx.table]: pending } });
        pending = out.UnprocessedItems?.[ctx.table] ?? [];
      } catch (error) {
        throw toDomainError(error, 'BatchWriteItem');
      }
    }
  }
}

/** Strongly consistent BatchGetItem of ≤ `BATCH_GET_LIMIT` keys, resending `UnprocessedKeys` with backoff. */
export async function batchGet(ctx: DynamoContext, keys: AttributeMap[]): Promise<AttributeMap[]> {
  const found: AttributeMap[] = [];
  let pending = keys;
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > ctx.backoff.maxAttempts) throw new StoreUnavailableError('DynamoDB kept keys unprocessed');
    if (attempt > 1) await ctx.backoff.pause(attempt - 1);
    try {
      const out = await ctx.send('BatchGetItem', {
        RequestItems: { [ctx.table]: { Keys: pending, ConsistentRead: true } },
      });
      found.push(...(out.Responses?.[ctx.table] ?? []));
      pending = out.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
    } catch (error) {
      throw toDomainError(error, 'BatchGetItem');
    }
  }
  return found;
}

/** BatchGetItem of any number of keys: 100 per call, the calls in parallel (so still one round trip of latency). */
export async function batchGetAll(ctx: DynamoContext, keys: AttributeMap[]): Promise<AttributeMap[]> {
  const chunks: AttributeMap[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_LIMIT)
    chunks.push(keys.slice(start, start + BATCH_GET_LIMIT));
  return (await Promise.all(chunks.map((chunk) => batchGet(ctx, chunk)))).flat();
}
