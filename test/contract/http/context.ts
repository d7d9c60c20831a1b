import { expect } from 'vitest';
import type { Caller, Client } from './client.js';
import type { HttpTarget } from './target.js';

export interface SuiteContext {
  client(): Client;
  target(): HttpTarget;
}

/** Creates a conversation as `owner` with `others` and returns its body. */
export async function startConversation(owner: Caller, others: Caller[] | string[] = [], title?: string) {
  const participantIds = others.map((o) => (typeof o === 'string' ? o : o.id));
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
