import type { Conversation } from '../../domain/model.js';
import { ConflictError } from '../errors.js';
import type { ConversationPage, IdempotencyCompletion, PageRequest } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { getReadStates, syncHorizons } from './read-state.js';
import { checkClaim, copy, recordCompletion, type MemoryState } from './state.js';

export function createConversation(
  state: MemoryState,
  conversation: Conversation,
  completion: IdempotencyCompletion | undefined,
): void {
  if (state.conversations.has(conversation.id)) {
    throw new ConflictError(`conversation ${conversation.id} already exists`, 'exists');
  }
  checkClaim(state, completion);
  state.conversations.set(conversation.id, copy(conversation));
  for (const userId of conversation.participantIds) join(state, userId, conversation.id);
  syncHorizons(state, conversation, null, conversation.createdAt);
  recordCompletion(state, completion);
}

export function getConversation(state: MemoryState, id: string): Conversation | null {
  return copy(state.conversations.get(id) ?? null);
}

export function updateConversation(
  state: MemoryState,
  next: Conversation,
  expectedVersion: number,
  completion: IdempotencyCompletion | undefined,
): void {
  const stored = state.conversations.get(next.id);
  checkExpected(`conversation ${next.id}`, stored, expectedVersion);
  if (!stored) return; // unreachable: checkExpected threw
  checkClaim(state, completion);
  const kept = new Set(next.participantIds);
  for (const userId of stored.participantIds) {
    if (!kept.has(userId)) state.memberships.get(userId)?.delete(next.id);
  }
  for (const userId of next.participantIds) join(state, userId, next.id);
  syncHorizons(state, next, stored.lastMessageId, next.updatedAt);
  // Activity belongs to postMessage: a rename racing a new message must not roll it back.
  state.conversations.set(next.id, {
    ...copy(next),
    lastActivityAt: stored.lastActivityAt,
    lastMessageId: stored.lastMessageId,
  });
  recordCompletion(state, completion);
}

/** Cursor: `<lastActivityAt>|<id>` of the last item of the previous page (keyset pagination). */
export function listConversations(state: MemoryState, userId: string, page: PageRequest): ConversationPage {
  const ids = state.memberships.get(userId) ?? new Set<string>();
  const all = [...ids]
    .map((id) => state.conversations.get(id))
    .filter((c): c is Conversation => c !== undefined)
    .map((c) => ({ key: `${c.lastActivityAt}|${c.id}`, conversation: c }))
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
  const { cursor } = page;
  const start = cursor === undefined ? all : all.filter((e) => e.key < cursor);
  const items = start.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((e) => copy(e.conversation)),
    cursor: start.length > page.limit && last ? last.key : null,
    readStates: getReadStates(
      state,
      userId,
      items.map((e) => e.conversation.id),
    ),
  };
}

function join(state: MemoryState, userId: string, conversationId: string): void {
  let set = state.memberships.get(userId);
  if (!set) state.memberships.set(userId, (set = new Set()));
  set.add(conversationId);
}
