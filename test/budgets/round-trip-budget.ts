import { ROUND_TRIPS } from './budgets.js';
import type { OperationCost } from './measured-app.js';
import { READ_OPERATIONS } from './measuring-transport.js';

/**
 * Why `row` breaks the round-trip budget, or `[]`. A read route makes at most `maxReads` calls. A
 * write route makes at most `maxReads` reads and exactly one write: one transaction, or one
 * conditional single-item write. An `Idempotency-Key` adds its put-if-absent claim in front (a replay
 * is that claim alone). A route that checks the users it names exist (`checksUsers`) reads their
 * profiles in one `BatchGetItem` more, and must: N single reads would break the budget. A write that
 * replies with the caller's read state (`repliesReadState`) reads it in one `BatchGetItem` sent with the
 * conversation's read, and must.
 */
export function roundTripViolations(row: OperationCost): string[] {
  const operations = row.calls.map((call) => call.operation);
  const rest = row.idempotencyKey && operations[0] === 'PutItem' ? operations.slice(1) : operations;
  if (row.idempotencyKey && rest === operations)
    return [`expected the idempotency claim (PutItem) first, got ${operations.join(', ')}`];
  const replay = row.idempotencyKey && rest.length === 0;
  const problems: string[] = [];
  const reads = rest.filter((operation) => READ_OPERATIONS.has(operation));
  const writes = rest.filter((operation) => !READ_OPERATIONS.has(operation));
  if (row.checksUsers && !replay) {
    const batch = reads.lastIndexOf('BatchGetItem');
    if (batch < 0) problems.push(`no BatchGetItem of the named users (${operations.join(', ')})`);
    else reads.splice(batch, 1);
  }
  if (row.repliesReadState && !replay) {
    // The caller's membership, read at once with the conversation: one BatchGetItem (sent at once with the user check, so either may come first).
    const batch = reads.indexOf('BatchGetItem');
    if (batch < 0)
      problems.push(`no BatchGetItem of the caller's read state beside the conversation (${operations.join(', ')})`);
    else reads.splice(batch, 1);
  }
  if (reads.length > ROUND_TRIPS.maxReads) problems.push(`${reads.length} reads (budget ${ROUND_TRIPS.maxReads})`);
  if (row.kind === 'read' && writes.length > 0) problems.push(`a read route writes: ${writes.join(', ')}`);
  if (row.kind === 'write' && !replay && writes.length !== ROUND_TRIPS.writes) {
    problems.push(`${writes.length} write calls (${writes.join(', ') || 'none'}); budget: ${ROUND_TRIPS.writes}`);
  }
  return problems;
}

/** `GetItem + TransactWriteItems`-style summary of a row's calls. */
export const callSummary = (row: OperationCost): string => row.calls.map((call) => call.operation).join(' + ') || '—';
