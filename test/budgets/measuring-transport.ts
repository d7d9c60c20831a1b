import type { DynamoOperation, DynamoTransport } from '../../src/repository/dynamodb/index.js';

/** DynamoDB operations that read; every other data operation writes. */
export const READ_OPERATIONS: ReadonlySet<DynamoOperation> = new Set(['GetItem', 'Query', 'BatchGetItem']);
const DATA_OPERATIONS: ReadonlySet<DynamoOperation> = new Set([
  'GetItem',
  'Query',
  'BatchGetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

export interface MeasuredCall {
  operation: DynamoOperation;
  /** `ConsumedCapacity.CapacityUnits` summed over the call's tables; `null` when not asked for, or the call failed. */
  capacityUnits: number | null;
  failed: boolean;
}

export interface MeasuringOptions {
  /**
   * Add `ReturnConsumedCapacity: 'TOTAL'` to every data operation, for measurement only: the backend
   * never asks for it, and the answer does not change what it does.
   * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html#DDB-GetItem-request-ReturnConsumedCapacity
   */
  consumedCapacity?: boolean;
}

/**
 * Wraps a transport and records every call sent through it: the round trips an API operation costs,
 * and (optionally) the capacity units DynamoDB says each one consumed.
 */
export function measuringTransport(inner: DynamoTransport, options: MeasuringOptions = {}) {
  const calls: MeasuredCall[] = [];
  const transport: DynamoTransport = async (operation, input) => {
    const ask = options.consumedCapacity === true && DATA_OPERATIONS.has(operation);
    const sent = ask ? { ...input, ReturnConsumedCapacity: 'TOTAL' } : input;
    try {
      const output = await inner(operation, sent as typeof input);
      calls.push({ operation, capacityUnits: ask ? capacityOf(output) : null, failed: false });
      return output;
    } catch (error) {
      calls.push({ operation, capacityUnits: null, failed: true });
      throw error;
    }
  };
  return {
    transport,
    calls,
    /** Forget what was recorded; returns what was. */
    take: (): MeasuredCall[] => calls.splice(0),
  };
}

interface Consumed {
  CapacityUnits?: number;
}

/** Single-item operations answer one `ConsumedCapacity`; batches and transactions one per table. */
function capacityOf(output: unknown): number | null {
  const consumed = (output as { ConsumedCapacity?: Consumed | Consumed[] } | undefined)?.ConsumedCapacity;
  if (consumed === undefined) return null;
  const list = Array.isArray(consumed) ? consumed : [consumed];
  return list.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
}
