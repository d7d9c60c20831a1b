import type { ReadState } from '../../domain/model.js';
import type { MarkReadResult } from '../port.js';
import { call, type DurableObjectContext } from './context.js';
import { conversationObject } from './conversations.js';
import { objectOf } from './namespaces.js';

/** One call to the conversation's object, the source of truth for its participants' horizons. */
export function markRead(
  context: DurableObjectContext,
  conversationId: string,
  userId: string,
  messageId: string,
  at: string,
): Promise<MarkReadResult> {
  return call(context, 'conversation', () =>
    conversationObject(context, conversationId).markRead(conversationId, userId, messageId, at),
  );
}

/** One call to the user's object: its list carries the read state its conversations last announced. */
export async function getReadStates(
  context: DurableObjectContext,
  userId: string,
  conversationIds: string[],
): Promise<ReadState[]> {
  if (conversationIds.length === 0) return [];
  return call(context, 'user', () => objectOf(context, context.users, userId).readStates(userId, conversationIds));
}

export function listReadStates(context: DurableObjectContext, conversationId: string): Promise<ReadState[]> {
  return call(context, 'conversation', () =>
    conversationObject(context, conversationId).listReadStates(conversationId),
  );
}
