import { measureApiOperations, type OperationCost } from '../budgets/measured-app.js';
import { READ_OPERATIONS } from '../budgets/measuring-transport.js';
import { callSummary, roundTripViolations } from '../budgets/round-trip-budget.js';
import type { BenchRow, BenchTable } from './report.js';

/**
 * On-demand throughput prices, Standard table class, us-east-1, USD per million request units
 * (after the 2024-11-01 on-demand price cut): https://aws.amazon.com/dynamodb/pricing/on-demand/
 */
export const ON_DEMAND_PRICES = { region: 'us-east-1', readPerMillion: 0.125, writePerMillion: 0.625 } as const;

/** Units of one call; a failed conditional write is still charged, at least one unit. */
const units = (capacity: number | null, failed: boolean) => capacity ?? (failed ? 1 : 0);

function unitsOf(row: OperationCost) {
  let read = 0;
  let write = 0;
  for (const call of row.calls) {
    if (READ_OPERATIONS.has(call.operation)) read += units(call.capacityUnits, call.failed);
    else write += units(call.capacityUnits, call.failed);
  }
  return {
    read,
    write,
    dollarsPerMillion: read * ON_DEMAND_PRICES.readPerMillion + write * ON_DEMAND_PRICES.writePerMillion,
  };
}

/**
 * DynamoDB cost per API operation on DynamoDB Local: the calls each route makes (through the whole
 * app) with the capacity DynamoDB Local reports for `ReturnConsumedCapacity: TOTAL`, priced at
 * on-demand rates; plus one summary row for the round-trip budget.
 */
export async function dynamodbCost(endpoint: string): Promise<{ row: BenchRow; table: BenchTable }> {
  process.stderr.write('  DynamoDB cost: walking the API on DynamoDB Local\n');
  const rows = await measureApiOperations(endpoint, { consumedCapacity: true });
  const violations = rows.flatMap((row) => roundTripViolations(row).map((problem) => `${row.name}: ${problem}`));
  const maxReads = Math.max(...rows.filter((row) => row.kind === 'read').map((row) => row.calls.length));
  const table: BenchTable = {
    title: 'DynamoDB cost per API operation',
    note: [
      'Counted under the whole app (createApp + the DynamoDB backend over aws4fetch) on DynamoDB Local; capacity is',
      'what DynamoDB Local answers for `ReturnConsumedCapacity: TOTAL` (injected by the measuring transport; the backend',
      'never asks for it). Item reads are strongly consistent (1 RRU per 4 KB), GSI queries eventually consistent (0.5),',
      'transactions cost 2 units per item. A failed conditional write (an idempotency replay) is counted as 1 WRU.',
      `Prices: on-demand, Standard table class, ${ON_DEMAND_PRICES.region}: $${ON_DEMAND_PRICES.readPerMillion} per million read request units,`,
      `$${ON_DEMAND_PRICES.writePerMillion} per million write request units (https://aws.amazon.com/dynamodb/pricing/on-demand/, after the`,
      '2024-11-01 price cut). Storage, streams, backups, Global Tables replication and data transfer are not included.',
    ].join(' '),
    columns: [
      'API operation',
      'kind',
      'DynamoDB calls',
      'round trips',
      'RRU',
      'WRU',
      'USD per million requests',
      'budget',
    ],
    rows: rows.map((row) => {
      const cost = unitsOf(row);
      const problems = roundTripViolations(row);
      return [
        row.name,
        row.kind,
        callSummary(row),
        String(row.calls.length),
        String(cost.read),
        String(cost.write),
        `$${cost.dollarsPerMillion.toFixed(2)}`,
        problems.length === 0 ? 'met' : `not met: ${problems.join('; ')}`,
      ];
    }),
  };
  const row: BenchRow = {
    measure: 'DynamoDB round trips',
    subject: `${rows.length} API operations`,
    figure: `reads ≤ ${maxReads} calls; writes: one transaction or conditional write each`,
    floor: '—',
    budget: 'reads ≤ 2 round trips; writes 1 transaction',
    met: violations.length === 0,
    data: { violations, operations: rows.map((r) => ({ name: r.name, kind: r.kind, calls: r.calls, ...unitsOf(r) })) },
  };
  return { row, table };
}
