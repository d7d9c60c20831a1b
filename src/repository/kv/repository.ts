import { deadlineAwareRepository } from '../bind-operations.js';
import type { Repository, RepositoryCapabilities, RequestDeadline } from '../port.js';
import { createKvClient } from './client.js';
import * as attachments from './attachments.js';
import type { KvContext } from './context.js';
import * as conversations from './conversations.js';
import * as idempotency from './idempotency.js';
import * as messages from './messages.js';
import * as readStates from './read-states.js';
import type { KvNamespaceLike } from './namespace.js';
import { defaultKvRetryPolicy, type KvRetryPolicy } from './retry.js';
import * as users from './users.js';

export interface KvRepositoryOptions {
  /** The KV binding (or Miniflare's `getKVNamespace()`); one namespace holds all of Parley's keys. */
  namespace: KvNamespaceLike;
  /** Retries of throttled (429) and failed (5xx) KV calls. Default: 5 attempts, 250 ms doubling to 2 s. */
  retry?: Partial<KvRetryPolicy>;
  /** Clock in epoch ms, for idempotency TTLs. Default `Date.now`. */
  now?: () => number;
  /** Where failed clean-up steps are reported (see docs/storage-kv.md). Default: drop them. */
  log?: (entry: Record<string, unknown>) => void;
}

/** What Workers KV cannot promise, stated so the core, the tests and the docs can say so. */
export const kvCapabilities: RepositoryCapabilities = {
  atomicConditionalWrites: false,
  transactions: false,
  strongReads: false,
  fencedIdempotency: false,
  notes: {
    atomicConditionalWrites:
      'Workers KV has no compare-and-set: If-Match, unique handles and put-if-absent are read-then-write, so racing writers can both pass (last write wins)',
    transactions:
      'Workers KV writes one key at a time: multi-key changes are ordered so a crash leaves no visible half-state, but are not all-or-nothing',
    strongReads:
      'Workers KV is eventually consistent: other locations may see a write 60 s or more later, and a miss is cached too',
    fencedIdempotency:
      "Workers KV has no conditional write: a completion checks the claim's token by a read first, so a takeover racing it (or not yet visible here) is not fenced off",
  },
};

/**
 * Parley on Workers KV (key layout and limits: docs/storage-kv.md). Every port contract holds for
 * one writer at a time; concurrent writers to the same record are best effort, as `capabilities`
 * says. Each method costs a small fixed number of KV operations, except those fanning out to every
 * participant's index (≤ 256), which stays under the 1000-operations-per-invocation limit.
 */
export function createKvRepository(options: KvRepositoryOptions): Repository {
  const policy = { ...defaultKvRetryPolicy, ...options.retry };
  const contextFor = (deadline?: RequestDeadline): KvContext => ({
    kv: createKvClient(options.namespace, policy, deadline),
    now: options.now ?? Date.now,
    log: options.log ?? (() => {}),
  });
  return deadlineAwareRepository({ backend: 'kv', capabilities: kvCapabilities }, contextFor, {
    ...users,
    ...conversations,
    ...messages,
    ...readStates,
    ...attachments,
    ...idempotency,
  });
}
