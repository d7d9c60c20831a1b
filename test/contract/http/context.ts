import { expect } from 'vitest';
import { type Caller, type Client, uniqueHandle } from './client.js';
import type { HttpTarget } from './target.js';

export interface SuiteContext {
  client(): Client;
  target(): HttpTarget;
}

const profiled = new WeakSet<Caller>();
/** Profiles created at once by `ensureProfiles`: enough to be quick, few enough for a loaded machine. */
const PROFILES_AT_ONCE = 16;

/**
 * Gives each caller a profile unless it has one (`PUT /v1/users/me` with `If-None-Match: *`: 201, or
 * 412 when it exists already), so it may be a participant: ids without a profile are refused (422).
 */
export async function ensureProfiles(callers: readonly Caller[]): Promise<void> {
  const pending = callers.filter((caller) => !profiled.has(caller));
  for (let start = 0; start < pending.length; start += PROFILES_AT_ONCE) {
    await Promise.all(
      pending.slice(start, start + PROFILES_AT_ONCE).map(async (caller) => {
        const result = await caller.call('PUT', '/v1/users/me', {
          json: { handle: uniqueHandle(), displayName: 'Participant' },
          headers: { 'if-none-match': '*' },
        });
        expect([201, 412], result.text).toContain(result.status);
        profiled.add(caller);
      }),
    );
  }
}

/** `count` fresh users, each with a profile (the members of a large conversation). */
export async function usersWithProfiles(client: Client, count: number, prefix = 'p'): Promise<Caller[]> {
  const users = await Promise.all(Array.from({ length: count }, () => client.user(prefix)));
  await ensureProfiles(users);
  return users;
}

/** Creates a conversation as `owner` with `others` (given profiles first) and returns its body. */
export async function startConversation(owner: Caller, others: Caller[] = [], title?: string) {
  await ensureProfiles(others);
  const participantIds = others.map((other) => other.id);
  const result = await owner.call('POST', '/v1/conversations', {
    json: { participantIds, ...(title ? { title } : {}) },
  });
  expect(result.status, result.text).toBe(201);
  return result.body as { id: string; version: number; participantIds: string[]; lastMessageId: string | null };
}

export async function postMessage(
  author: Caller,
  conversationId: string,
  body = 'hello',
  extra: Record<string, unknown> = {},
) {
  const result = await author.call('POST', `/v1/conversations/${conversationId}/messages`, {
    json: { body, ...extra },
  });
  expect(result.status, result.text).toBe(201);
  return result.body as { id: string; version: number; body: string };
}

/**
 * Time allowed to a case that builds a 256-member conversation: on Durable Objects that touches 256
 * user objects (each one's list, and its socket object), which takes seconds on a loaded 2-core machine.
 * A guard against a hang, not a speed budget.
 */
export const LARGE_CONVERSATION_TIMEOUT_MS = 120_000;
