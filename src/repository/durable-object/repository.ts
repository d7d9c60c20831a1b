import { deadlineAwareRepository } from '../bind-operations.js';
import { type Repository, transactionalCapabilities } from '../port.js';
import type { DurableObjectContext } from './context.js';
import { conversationCalls } from './conversation-calls.js';
import * as idempotency from './idempotency.js';
import type { Namespaces } from './namespaces.js';
import { userCalls } from './users.js';

export interface DurableObjectRepositoryOptions extends Namespaces {
  /** Called with what each object call cost (benchmarks, budgets). Default: nothing. */
  onMeter?: DurableObjectContext['onMeter'];
}

/**
 * Every conditional write is checked and applied inside one object's single-threaded transaction,
 * and a write's records (message, activity, idempotency outcome, outbox rows) commit together.
 */
export const durableObjectCapabilities = transactionalCapabilities(
  "records are read from the one object holding them (strong, from every location), but a user's " +
    "conversation list is a copy fed by the conversations' outboxes: current when the write answers, " +
    'behind only while a failed delivery is retried',
);

/** Parley on SQLite-backed Durable Objects (layout, limits and costs: docs/storage-durable-objects.md). */
export function createDurableObjectRepository(options: DurableObjectRepositoryOptions): Repository {
  return deadlineAwareRepository(
    { backend: 'durable-object', capabilities: durableObjectCapabilities },
    (deadline): DurableObjectContext => ({ ...options, ...(deadline ? { deadline } : {}) }),
    { ...userCalls, ...conversationCalls, ...idempotency },
  );
}
