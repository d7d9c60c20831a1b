import type { Conversation } from '../../domain/model.js';
import type { ConversationPage, IdempotencyCompletion, PageRequest } from '../port.js';
import { call, type DurableObjectContext } from './context.js';
import { objectOf } from './namespaces.js';

export const conversationObject = (context: DurableObjectContext, id: string) =>
  objectOf(context, context.conversations, id);

export async function createConversation(
  context: DurableObjectContext,
  conversation: Conversation,
  completion?: IdempotencyCompletion,
): Promise<void> {
  await call(context, 'conversation', () =>
    conversationObject(context, conversation.id).createConversation(conversation, completion),
  );
}

export function getConversation(context: DurableObjectContext, id: string): Promise<Conversation | null> {
  return call(context, 'conversation', () => conversationObject(context, id).getConversation(id));
}

export async function updateConversation(
  context: DurableObjectContext,
  next: Conversation,
  expectedVersion: number,
  completion?: IdempotencyCompletion,
): Promise<void> {
  await call(context, 'conversation', () =>
    conversationObject(context, next.id).updateConversation(next, expectedVersion, completion),
  );
}

/**
 * One call to the user's object: its list holds a copy of each conversation, with the user's read
 * state in it (see user-object.ts).
 */
export function listConversations(
  context: DurableObjectContext,
  userId: string,
  page: PageRequest,
): Promise<ConversationPage> {
  return call(context, 'user', () => objectOf(context, context.users, userId).listConversations(userId, page));
}
