import type { Attachment } from '../../domain/model.js';
import type { IdempotencyCompletion } from '../port.js';
import { call, type DurableObjectContext } from './context.js';
import { conversationObject } from './conversations.js';

/** Attachment records live in their conversation's object, beside its messages. */
export async function createAttachment(
  context: DurableObjectContext,
  attachment: Attachment,
  completion?: IdempotencyCompletion,
): Promise<void> {
  await call(context, 'conversation', () =>
    conversationObject(context, attachment.conversationId).createAttachment(attachment, completion),
  );
}

export function getAttachment(
  context: DurableObjectContext,
  conversationId: string,
  attachmentId: string,
): Promise<Attachment | null> {
  return call(context, 'conversation', () => conversationObject(context, conversationId).getAttachment(attachmentId));
}

export async function updateAttachment(
  context: DurableObjectContext,
  next: Attachment,
  expectedVersion: number,
): Promise<void> {
  await call(context, 'conversation', () =>
    conversationObject(context, next.conversationId).updateAttachment(next, expectedVersion),
  );
}
