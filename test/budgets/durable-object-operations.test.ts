import { beforeAll, describe, expect, it } from 'vitest';
import type { Meter } from '../../src/repository/durable-object/index.js';
import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { makeConversation, makeMessage, newId } from '../contract/repository/fixtures.js';
import { API_OPERATIONS } from './api-operations.js';
import { DURABLE_OBJECT_BUDGETS } from './budgets.js';
import { type DurableObjectOperationCost, measureDurableObjectOperations } from './durable-object-operations.js';

// Durable Object calls and SQLite rows per API operation, counted inside workerd under the whole
// app on the durable-object backend (rows as the SQLite cursors report them, which is what is
// billed): an operation that gains a call or a row beyond its budget fails here.
describe('Durable Object calls and rows per API operation', () => {
  let rows: Map<string, DurableObjectOperationCost>;
  beforeAll(async () => {
    rows = new Map((await measureDurableObjectOperations(workerUrl(WORKERS.bridge))).map((row) => [row.name, row]));
  });

  const measured = API_OPERATIONS.filter((operation) => !operation.setup);
  it('has a budget for every operation of the walk-through', () => {
    expect(Object.keys(DURABLE_OBJECT_BUDGETS).sort()).toEqual(measured.map((operation) => operation.name).sort());
  });

  it.each(measured.map((operation) => [operation.name]))('%s stays within budget', (name) => {
    const row = rows.get(name);
    expect(row, `${name} was not measured`).toBeDefined();
    const [calls, requests, read, written] = DURABLE_OBJECT_BUDGETS[name] ?? [0, 0, 0, 0];
    const { workerCalls, objectRequests, rowsRead, rowsWritten } = row!;
    expect({ workerCalls, objectRequests, rowsRead, rowsWritten }).toEqual({
      workerCalls: Math.min(workerCalls, calls),
      objectRequests: Math.min(objectRequests, requests),
      rowsRead: Math.min(rowsRead, read),
      rowsWritten: Math.min(rowsWritten, written),
    });
  });

  it('counts what it says: a read reaches its objects and reads rows, a post writes and fans out', () => {
    // The conversation's object, and the caller's user object for their read state (one row each).
    expect(rows.get('GET /v1/conversations/{id}')).toMatchObject({ workerCalls: 2, rowsRead: 2, rowsWritten: 0 });
    const post = rows.get('POST /v1/conversations/{id}/messages')!;
    expect(post.objectRequests).toBeGreaterThan(post.workerCalls);
    expect(post.rowsWritten).toBeGreaterThan(0);
  });
});

describe('keyset pages read only their rows (never OFFSET)', () => {
  async function call(method: string, args: unknown[]): Promise<{ value: any; meters: Meter[] }> {
    const url = new URL('repository/durable-object', workerUrl(WORKERS.bridge));
    const response = await fetch(url, { method: 'POST', body: JSON.stringify({ method, args }) });
    return (await response.json()) as { value: any; meters: Meter[] };
  }
  const rowsRead = (meters: Meter[]) => meters.reduce((sum, meter) => sum + meter.rowsRead, 0);

  it('the 10th page of 3 messages reads 4 rows, like the first', async () => {
    const author = newId();
    const conversation = makeConversation(author);
    await call('createConversation', [conversation]);
    for (let i = 0; i < 40; i++) await call('postMessage', [makeMessage(conversation.id, author)]);
    let cursor: string | undefined;
    const reads: number[] = [];
    for (let page = 0; page < 10; page++) {
      const { value, meters } = await call('listMessages', [
        conversation.id,
        { limit: 3, ...(cursor ? { cursor } : {}) },
      ]);
      expect(value.items).toHaveLength(3);
      reads.push(rowsRead(meters));
      cursor = value.cursor;
    }
    expect(reads).toEqual(Array(10).fill(4));
  });

  it("a user's 5th page of 2 conversations reads as few rows as the 2nd (limit + 1, + the cursor's own row)", async () => {
    const user = newId();
    for (let i = 0; i < 12; i++) await call('createConversation', [makeConversation(user)]);
    let cursor: string | undefined;
    const reads: number[] = [];
    for (let page = 0; page < 5; page++) {
      const { value, meters } = await call('listConversations', [user, { limit: 2, ...(cursor ? { cursor } : {}) }]);
      expect(value.items).toHaveLength(2);
      reads.push(rowsRead(meters));
      cursor = value.cursor;
    }
    // The row-value seek `(last_activity_at, conversation_id) < (?, ?)` lands on the cursor's row, then steps past it.
    expect(reads).toEqual([3, 4, 4, 4, 4]);
  });
});
