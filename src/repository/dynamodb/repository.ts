import { deadlineAwareRepository } from '../bind-operations.js';
import { type Repository, type RequestDeadline, transactionalCapabilities } from '../port.js';
import * as attachments from './attachments.js';
import type { DynamoContext } from './context.js';
import * as conversations from './conversations.js';
import * as idempotency from './idempotency.js';
import * as messages from './messages.js';
import * as readState from './read-state.js';
import type { DynamoTransport } from './protocol.js';
import { createBackoff, withRetries, type RetryOptions } from './retry.js';
import * as users from './users.js';

export interface DynamoRepositoryOptions {
  /** Sends one DynamoDB JSON-protocol operation: `createAws4fetchTransport` or the AWS SDK transport. */
  transport: DynamoTransport;
  /** The table made from `tableDefinition` (`npm run db:create`, `template.yaml`). */
  tableName: string;
  /** Backoff for throttling, 5xx, network failures and unprocessed batch items. Default: 5 attempts, 25 ms base, 1 s cap. */
  retry?: RetryOptions;
  /** `ClientRequestToken` source for transactions. Default: `crypto.randomUUID`. */
  requestToken?: () => string;
}

export const dynamoCapabilities = transactionalCapabilities(
  'item reads are strongly consistent in the serving region, but the conversation list reads a GSI ' +
    '(eventually consistent) and Global Table replicas in other regions converge asynchronously',
);

/**
 * The DynamoDB backend: one table (`./table.ts`), every port operation in a fixed number of round
 * trips (`docs/storage-dynamodb.md`), conditional writes and transactions for every precondition and
 * multi-item change. Provider failures become the port's domain errors here; throttling, 5xx and lost
 * connections are retried with jittered backoff first. The transport is injected, never built here.
 */
export function createDynamoRepository(options: DynamoRepositoryOptions): Repository {
  const requestToken = options.requestToken ?? (() => crypto.randomUUID());
  // One context per deadline: the retries, the backoff of batch loops and the re-read loops (which
  // send through it) all stop there. Without a deadline, only the attempt counts bound them.
  const contextFor = (deadline?: RequestDeadline): DynamoContext => ({
    table: options.tableName,
    send: withRetries(options.transport, options.retry, deadline),
    requestToken,
    backoff: createBackoff(options.retry, deadline),
  });
  return deadlineAwareRepository({ backend: 'dynamodb', capabilities: dynamoCapabilities }, contextFor, {
    ...users,
    ...conversations,
    ...messages,
    ...readState,
    ...attachments,
    ...idempotency,
  });
}
