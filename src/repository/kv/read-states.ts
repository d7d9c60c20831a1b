import type { Conversation, ReadState } from '../../domain/model.js';
import { LIMITS } from '../../domain/rules.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { MarkReadResult } from '../port.js';
import type { KvContext } from './context.js';
import { conversationKey, type MessageMetadata, messageIdOf, messagePrefix, readKey } from './keys.js';

/**
 * Read state on KV (docs/storage-kv.md): one key per (conversation, participant) holding the
 * horizon; `unreadCount` is not stored but counted when read, by listing the conversation's
 * messages newest first down to the horizon (authors come from the keys' metadata, so no message
 * is read), stopping at the cap. A horizon at or after the conversation's last message needs no
 * listing. No compare-and-set: two racing `markRead`s of one user may both write, the last wins.
 */
export interface Horizon {
  lastReadMessageId: string | null;
  readAt: string | null;
}

const NONE: Horizon = { lastReadMessageId: null, readAt: null };

export async function readHorizon(context: KvContext, conversationId: string, userId: string): Promise<Horizon> {
  return (await context.kv.read<Horizon>(readKey(conversationId, userId))) ?? NONE;
}

export function writeHorizon(
  context: KvContext,
  conversationId: string,
  userId: string,
  lastReadMessageId: string | null,
  readAt: string | null,
): Promise<void> {
  return context.kv.write(readKey(conversationId, userId), { lastReadMessageId, readAt } satisfies Horizon);
}

export const isRead = (horizon: Horizon, messageId: string): boolean =>
  horizon.lastReadMessageId !== null && messageId <= horizon.lastReadMessageId;

// Keys per list call: one call covers the cap and a few of the user's own messages.
const COUNT_PAGE = LIMITS.unreadCap + 20;

/** Messages by others after the horizon, up to the cap: ⌈(cap + own messages after it) / page⌉ lists, usually 0 or 1. */
async function countUnread(context: KvContext, conversation: Conversation, userId: string, horizon: Horizon) {
  const after = horizon.lastReadMessageId ?? '';
  if (conversation.lastMessageId === null || conversation.lastMessageId <= after) return 0;
  let count = 0;
  let cursor: string | undefined;
  for (;;) {
    const listed = await context.kv.list<MessageMetadata>(messagePrefix(conversation.id), COUNT_PAGE, cursor);
    for (const key of listed.keys) {
      if (messageIdOf(key.name) <= after) return count;
      // A large message written before authors were kept in metadata counts as someone else's.
      if (key.metadata?.authorId !== userId && ++count >= LIMITS.unreadCap) return count;
    }
    if (listed.cursor === null) return count;
    cursor = listed.cursor;
  }
}

/** `userId`'s state in a conversation record (null/0 when there is none or they are not in it). */
async function stateIn(context: KvContext, conversationId: string, conversation: Conversation | null, userId: string) {
  if (!conversation?.participantIds.includes(userId)) {
    return { conversationId, userId, ...NONE, unreadCount: 0 } satisfies ReadState;
  }
  const horizon = await readHorizon(context, conversationId, userId);
  return { conversationId, userId, ...horizon, unreadCount: await countUnread(context, conversation, userId, horizon) };
}

/** Read the record and the horizon, write the horizon if it moves, count: 2 reads, ≤ 1 write, ≤ 1 list. */
export async function markRead(
  context: KvContext,
  conversationId: string,
  userId: string,
  messageId: string,
  at: string,
): Promise<MarkReadResult> {
  const [conversation, horizon] = await Promise.all([
    context.kv.read<Conversation>(conversationKey(conversationId)),
    readHorizon(context, conversationId, userId),
  ]);
  if (!conversation) throw new NotFoundError(`conversation ${conversationId} not found`);
  if (!conversation.participantIds.includes(userId)) {
    throw new ConflictError(`${userId} is not a participant`, 'not_participant');
  }
  const moved = !isRead(horizon, messageId);
  const next = moved ? { lastReadMessageId: messageId, readAt: at } : horizon;
  if (moved) await writeHorizon(context, conversationId, userId, messageId, at);
  const unreadCount = await countUnread(context, conversation, userId, next);
  return { state: { conversationId, userId, ...next, unreadCount }, moved };
}

/** Per conversation: its record, the horizon, ≤ 1 list (in parallel): ≤ 3 operations each. */
export function getReadStates(context: KvContext, userId: string, conversationIds: string[]): Promise<ReadState[]> {
  return Promise.all(
    conversationIds.map(async (id) =>
      stateIn(context, id, await context.kv.read<Conversation>(conversationKey(id)), userId),
    ),
  );
}

/** The record, then per participant the horizon and ≤ 1 list: ≤ 1 + 2 × 256 operations. */
export async function listReadStates(context: KvContext, conversationId: string): Promise<ReadState[]> {
  const conversation = await context.kv.read<Conversation>(conversationKey(conversationId));
  if (!conversation) return [];
  return Promise.all(conversation.participantIds.map((id) => stateIn(context, conversationId, conversation, id)));
}

/** A page of conversations with `userId`'s state in each: per item its horizon and ≤ 1 list. */
export const readStatesOf = (context: KvContext, conversations: Conversation[], userId: string) =>
  Promise.all(conversations.map((conversation) => stateIn(context, conversation.id, conversation, userId)));
