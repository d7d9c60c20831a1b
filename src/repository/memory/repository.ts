import type { Repository, RepositoryCapabilities } from '../port.js';
import { createConversation, listConversations, updateConversation } from './conversations.js';
import { claimIdempotencyKey, releaseIdempotencyKey, sweepExpired } from './idempotency.js';
import { getMessage, listMessages, postMessage, updateMessage } from './messages.js';
import { copy, createMemoryState, recordCompletion } from './state.js';
import { deleteUser, getUserByHandle, saveUser } from './users.js';

export interface MemoryRepositoryOptions {
  /** How often, in seconds of the callers' clock, expired idempotency records are swept. Default 60. */
  sweepIntervalSeconds?: number;
}

const capabilities: RepositoryCapabilities = {
  atomicConditionalWrites: true,
  transactions: true,
  strongReads: true,
  minTtlSeconds: 0,
  maxWritesPerKeyPerSecond: null,
  notes: {},
};

/**
 * The reference backend: every port contract, held in one isolate's memory and lost with it. Each
 * method runs to completion without awaiting, so a check and its write are never interleaved with
 * another call — that is what makes its conditional writes atomic and its multi-record writes
 * all-or-nothing. For unit tests and quick local runs; state is not shared across isolates.
 */
export function createMemoryRepository(options: MemoryRepositoryOptions = {}): Repository {
  const state = createMemoryState();
  const sweepInterval = options.sweepIntervalSeconds ?? 60;
  let lastSweep = -Infinity;
  return {
    backend: 'memory',
    capabilities,
    getUser: async (id) => copy(state.users.get(id) ?? null),
    getUserByHandle: async (handle) => getUserByHandle(state, handle),
    saveUser: async (user, expected) => saveUser(state, user, expected),
    deleteUser: async (id, expectedVersion) => deleteUser(state, id, expectedVersion),
    createConversation: async (conversation, completion) => createConversation(state, conversation, completion),
    getConversation: async (id) => copy(state.conversations.get(id) ?? null),
    updateConversation: async (next, expectedVersion, completion) =>
      updateConversation(state, next, expectedVersion, completion),
    listConversations: async (userId, page) => listConversations(state, userId, page),
    postMessage: async (message, completion) => postMessage(state, message, completion),
    getMessage: async (conversationId, messageId) => getMessage(state, conversationId, messageId),
    updateMessage: async (next, expectedVersion) => updateMessage(state, next, expectedVersion),
    listMessages: async (conversationId, page) => listMessages(state, conversationId, page),
    claimIdempotencyKey: async (claim) => {
      if (claim.now - lastSweep >= sweepInterval) {
        sweepExpired(state, claim.now);
        lastSweep = claim.now;
      }
      return claimIdempotencyKey(state, claim);
    },
    completeIdempotencyKey: async (completion) => recordCompletion(state, completion),
    releaseIdempotencyKey: async (key) => releaseIdempotencyKey(state, key),
  };
}
