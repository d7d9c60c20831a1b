import { beforeAll, describe, expect, it } from 'vitest';
import { dynamodbEndpoint } from '../repository/dynamodb-fixtures.js';
import { API_OPERATIONS } from './api-operations.js';
import { measureApiOperations, type OperationCost } from './measured-app.js';
import { callSummary, roundTripViolations } from './round-trip-budget.js';

// Round trips per API operation, counted under the whole app (createApp + the DynamoDB backend) on
// DynamoDB Local: a route that gains a request beyond its budget fails here. The per-method counts
// of the backend itself are pinned in test/repository/dynamodb-round-trips.test.ts.
describe('DynamoDB round trips per API operation', () => {
  let rows: Map<string, OperationCost>;
  beforeAll(async () => {
    rows = new Map((await measureApiOperations(dynamodbEndpoint())).map((row) => [row.name, row]));
  });

  const measured = API_OPERATIONS.filter((operation) => !operation.setup);
  it.each(measured.map((operation) => [operation.name]))('%s stays within budget', (name) => {
    const row = rows.get(name);
    expect(row, `${name} was not measured`).toBeDefined();
    expect(roundTripViolations(row!), callSummary(row!)).toEqual([]);
  });

  it('counts what it says: a read route really reaches DynamoDB, a write route really writes', () => {
    expect(rows.get('GET /v1/users/me')!.calls.map((call) => call.operation)).toEqual(['GetItem']);
    expect(callSummary(rows.get('POST /v1/conversations/{id}/messages')!)).toMatch(/TransactWriteItems$/);
  });

  it('the budget check rejects an extra round trip', () => {
    const call = (operation: 'GetItem' | 'PutItem' | 'TransactWriteItems') => ({
      operation,
      capacityUnits: null,
      failed: false,
    });
    const read = {
      name: 'r',
      kind: 'read' as const,
      idempotencyKey: false,
      calls: [call('GetItem'), call('GetItem'), call('GetItem')],
    };
    const write = {
      name: 'w',
      kind: 'write' as const,
      idempotencyKey: false,
      calls: [call('PutItem'), call('TransactWriteItems')],
    };
    expect(roundTripViolations(read)).toEqual(['3 reads (budget 2)']);
    // A user check must be one batch read: single reads of the named users count as reads.
    expect(roundTripViolations({ ...write, checksUsers: true, calls: [call('GetItem'), call('GetItem')] })).toEqual([
      'no BatchGetItem of the named users (GetItem, GetItem)',
      '0 write calls (none); budget: 1',
    ]);
    expect(roundTripViolations(write)).toEqual(['2 write calls (PutItem, TransactWriteItems); budget: 1']);
    // The reply's read state must be one batch read beside the conversation's, not another read after it.
    expect(
      roundTripViolations({
        ...write,
        repliesReadState: true,
        calls: [call('GetItem'), call('GetItem'), call('GetItem'), call('TransactWriteItems')],
      }),
    ).toEqual([
      "no BatchGetItem of the caller's read state beside the conversation (GetItem, GetItem, GetItem, TransactWriteItems)",
      '3 reads (budget 2)',
    ]);
  });
});
