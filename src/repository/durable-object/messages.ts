import type { Conversation, Message } from '../../domain/model.js';
import type { IdempotencyCompletion, MessagePageRequest, Page } from '../port.js';
import { call, type DurableObjectContext } from './context.js';
import { conversationObject } from './conversations.js';

export function postMessage(
  context: DurableObjectContext,
  message: Message,
  completion?: IdempotencyCompletion,
): Promise<Conversation> {
  return call(context, 'conversation', () =>
    conversationObject(context, message.conversationId).postMessage(message, completion),
  );
}

export function getMessage(
  context: DurableObjectContext,
  conversationId: string,
  messageId: string,
): Promise<Message | null> {
  return call(context, 'conversation', () => conversationObject(context, conversationId).getMessage(messageId));
}

export async function updateMessage(
  context: DurableObjectContext,
  next: Message,
  expectedVersion: number,
): Promise<void> {
  await call(context, 'conversation', () =>
    conversationObject(context, next.conversationId).updateMessage(next, expectedVersion),
  );
}

export function listMessages(
  context: DurableObjectContext,
  conversationId: string,
  page: MessagePageRequest,
): Promise<Page<Message>> {
  return call(context, 'conversation', () => conversationObject(context, conversationId).listMessages(page));
}
