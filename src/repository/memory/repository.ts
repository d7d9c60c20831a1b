import { bindOperations } from '../bind-operations.js';
import type { Repository, RepositoryCapabilities } from '../port.js';
import * as attachments from './attachments.js';
import * as conversations from './conversations.js';
import * as idempotency from './idempotency.js';
import * as messages from './messages.js';
import * as readState from './read-state.js';
import { createMemoryState } from './state.js';
import * as users from './users.js';

export interface MemoryRepositoryOptions {
  /** How often, in seconds of the callers' clock, expired idempotency records are swept. Default 60. */
  sweepIntervalSeconds?: number;
}

const capabilities: RepositoryCapabilities = {
  atomicConditionalWrites: true,
  transactions: true,
  strongReads: true,
  fencedIdempotency: true,
  notes: {},
};

/**
 * The reference backend: every port contract, held in one isolate's memory and lost with it. Each
 * method runs to completion without awaiting, so a check and its write are never interleaved with
 * another call — that is what makes its conditional writes atomic and its multi-record writes
 * all-or-nothing. For unit tests and quick local runs; state is not shared across isolates.
 */
export function createMemoryRepository(options: MemoryRepositoryOptions = {}): Repository {
  const state = createMemoryState(options.sweepIntervalSeconds);
  return {
    backend: 'memory',
    capabilities,
    ...bindOperations(state, { ...users, ...conversations, ...messages, ...readState, ...attachments, ...idempotency }),
  };
}
