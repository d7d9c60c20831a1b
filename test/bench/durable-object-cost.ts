import { Miniflare } from 'miniflare';
import { bridgeWorkerOptions } from '../adapters/cloudflare/workers.js';
import { DURABLE_OBJECT_BUDGETS } from '../budgets/budgets.js';
import {
  type DurableObjectOperationCost,
  measureDurableObjectOperations,
} from '../budgets/durable-object-operations.js';
import type { BenchRow, BenchTable } from './report.js';

/**
 * Workers Paid prices for SQLite-backed Durable Objects, USD (cloudflare-docs
 * `partials/workers/storage_api_pricing.mdx`, durable-objects/platform/pricing; SQLite storage billed
 * from 2026-01-07): requests $0.15 per million after 1 M/month included (every RPC call on a stub is
 * one request, alarms too), rows read $0.001 per million after 25 billion/month, rows written $1.00
 * per million after 50 million/month, duration $12.50 per million GB-s after 400,000 GB-s.
 */
export const DO_PRICES = { requestPerMillion: 0.15, rowReadPerMillion: 0.001, rowWrittenPerMillion: 1.0 } as const;

/** USD per million API requests of this operation, past the included amounts (duration not included). */
export function dollarsPerMillion(
  row: Pick<DurableObjectOperationCost, 'objectRequests' | 'rowsRead' | 'rowsWritten'>,
) {
  return (
    row.objectRequests * DO_PRICES.requestPerMillion +
    row.rowsRead * DO_PRICES.rowReadPerMillion +
    row.rowsWritten * DO_PRICES.rowWrittenPerMillion
  );
}

const withinBudget = (row: DurableObjectOperationCost) => {
  const budget = DURABLE_OBJECT_BUDGETS[row.name];
  if (!budget) return false;
  const [calls, requests, read, written] = budget;
  return (
    row.workerCalls <= calls && row.objectRequests <= requests && row.rowsRead <= read && row.rowsWritten <= written
  );
};

/**
 * Durable Object cost per API operation: the API walk-through through the whole app on the
 * durable-object backend, in workerd (the bridge Worker's metered app, in a Miniflare of its own),
 * with the object calls and SQLite rows each operation cost, priced at Workers Paid rates.
 */
export async function durableObjectCost(): Promise<{ row: BenchRow; table: BenchTable }> {
  process.stderr.write('  Durable Objects cost: walking the API on the durable-object backend in workerd\n');
  const mf = new Miniflare({
    workers: [{ ...(await bridgeWorkerOptions()), unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] }],
    handleRuntimeStdio: (stdout: NodeJS.ReadableStream, stderr: NodeJS.ReadableStream) => {
      stdout.resume();
      stderr.resume();
    },
  });
  let rows: DurableObjectOperationCost[];
  try {
    await mf.ready;
    rows = await measureDurableObjectOperations((await mf.unsafeGetDirectURL('repository-bridge')).href);
  } finally {
    await mf.dispose();
  }
  const over = rows.filter((row) => !withinBudget(row)).map((row) => row.name);
  const table: BenchTable = {
    title: 'Durable Objects cost per API operation',
    note: [
      'Counted inside workerd (Miniflare 4) under the whole app on the durable-object backend, for the same walk-through as',
      'the DynamoDB table (conversations of 2–3 participants). "Worker calls" are the Durable Object calls the Worker makes',
      '(its subrequests); "object requests" are every billed Durable Object request, the objects\' calls to each other',
      "included (outbox deliveries to each participant's list, idempotency fences, handle checks). Rows are what the",
      'SQLite cursors report (`rowsRead`/`rowsWritten`, the billed figures; an index entry written counts as a row).',
      `Prices: Workers Paid, requests $${DO_PRICES.requestPerMillion}/M, rows read $${DO_PRICES.rowReadPerMillion}/M, rows written`,
      `$${DO_PRICES.rowWrittenPerMillion.toFixed(2)}/M, past the monthly inclusions (1 M requests, 25 B rows read, 50 M rows written); duration`,
      '($12.50 per million GB-s: about $0.02 per million object requests of 10 ms at 128 MB), storage ($0.20/GB-month) and',
      "the Worker's own request price ($0.30/M, the same for every backend) are not included. Creating an object's schema",
      '(its first write) is not counted.',
    ].join(' '),
    columns: [
      'API operation',
      'kind',
      'Worker calls',
      'object requests',
      'rows read',
      'rows written',
      'USD per million requests',
      'budget',
    ],
    rows: rows.map((row) => [
      row.name,
      row.kind,
      String(row.workerCalls),
      String(row.objectRequests),
      String(row.rowsRead),
      String(row.rowsWritten),
      `$${dollarsPerMillion(row).toFixed(2)}`,
      withinBudget(row) ? 'met' : 'not met',
    ]),
  };
  const maxCalls = Math.max(...rows.map((row) => row.workerCalls));
  const row: BenchRow = {
    measure: 'Durable Object calls and rows',
    subject: `${rows.length} API operations`,
    figure: `≤ ${maxCalls} Worker calls per operation; a message post ${rows.find((r) => r.name === 'POST /v1/conversations/{id}/messages')?.rowsWritten ?? '?'} rows written`,
    floor: '—',
    budget: 'per operation (test/budgets/budgets.ts)',
    met: over.length === 0,
    data: { over, operations: rows.map((r) => ({ ...r, dollarsPerMillion: dollarsPerMillion(r) })) },
  };
  return { row, table };
}
