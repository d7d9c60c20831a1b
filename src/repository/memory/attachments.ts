import type { Attachment } from '../../domain/model.js';
import { ConflictError } from '../errors.js';
import type { IdempotencyCompletion } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { checkClaim, copy, type MemoryState, recordCompletion } from './state.js';

const keyOf = (conversationId: string, attachmentId: string) => `${conversationId}/${attachmentId}`;

export function createAttachment(
  state: MemoryState,
  attachment: Attachment,
  completion: IdempotencyCompletion | undefined,
): void {
  const key = keyOf(attachment.conversationId, attachment.id);
  if (state.attachments.has(key)) throw new ConflictError(`attachment ${attachment.id} already exists`, 'exists');
  checkClaim(state, completion);
  state.attachments.set(key, copy(attachment));
  recordCompletion(state, completion);
}

export function getAttachment(state: MemoryState, conversationId: string, attachmentId: string): Attachment | null {
  return copy(state.attachments.get(keyOf(conversationId, attachmentId)) ?? null);
}

export function updateAttachment(state: MemoryState, next: Attachment, expectedVersion: number): void {
  const key = keyOf(next.conversationId, next.id);
  checkExpected(`attachment ${next.id}`, state.attachments.get(key), expectedVersion);
  state.attachments.set(key, copy(next));
}
