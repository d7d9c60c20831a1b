import { toDomainError } from './map-error.js';
import type { AttributeMap, DynamoTransport, TransactWriteItem } from './protocol.js';
import type { Backoff } from './retry.js';

/** What every operation module needs: the table, a retrying transport, and transaction tokens. */
export interface DynamoContext {
  table: string;
  send: DynamoTransport;
  /** A fresh `ClientRequestToken` per logical transaction (reused across its retries). */
  requestToken: () => string;
  /** Backoff for the partial results of batch operations (`UnprocessedItems`/`UnprocessedKeys`). */
  backoff: Backoff;
}

/** Strongly consistent single-item read (in the region that serves the request). */
export async function getItem(ctx: DynamoContext, key: AttributeMap): Promise<AttributeMap | undefined> {
  try {
    return (await ctx.send('GetItem', { TableName: ctx.table, Key: key, ConsistentRead: true })).Item;
  } catch (error) {
    throw toDomainError(error, 'GetItem');
  }
}

/** Every multi-item write goes through here, with a token so a resend cannot apply it twice. */
export async function transact(ctx: DynamoContext, actions: TransactWriteItem[]): Promise<void> {
  await ctx.send('TransactWriteItems', { TransactItems: actions, ClientRequestToken: ctx.requestToken() });
}
