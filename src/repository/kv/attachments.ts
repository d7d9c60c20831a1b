import type { Attachment } from '../../domain/model.js';
import { ConflictError } from '../errors.js';
import type { IdempotencyCompletion } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { bestEffort, type KvContext } from './context.js';
import { checkClaim, recordCompletion } from './idempotency.js';
import { attachmentKey } from './keys.js';

// KV refuses an expirationTtl below 60 s.
const MIN_TTL_SECONDS = 60;

function writeAttachment(context: KvContext, attachment: Attachment): Promise<void> {
  const key = attachmentKey(attachment.conversationId, attachment.id);
  if (attachment.expiresAt === null) return context.kv.write(key, attachment);
  const ttl = Math.max(MIN_TTL_SECONDS, attachment.expiresAt - Math.floor(context.now() / 1000));
  return context.kv.write(key, attachment, { ttlSeconds: ttl });
}

/** Read-then-write (KV has no put-if-absent), then the completion; a failed completion undoes the record. */
export async function createAttachment(
  context: KvContext,
  attachment: Attachment,
  completion: IdempotencyCompletion | undefined,
): Promise<void> {
  const key = attachmentKey(attachment.conversationId, attachment.id);
  const [stored] = await Promise.all([context.kv.read(key), checkClaim(context, completion)]);
  if (stored) throw new ConflictError(`attachment ${attachment.id} already exists`, 'exists');
  await writeAttachment(context, attachment);
  if (!completion) return;
  try {
    await recordCompletion(context, completion);
  } catch (error) {
    await bestEffort(context, 'undo attachment', () => context.kv.remove(key));
    throw error;
  }
}

export function getAttachment(context: KvContext, conversationId: string, attachmentId: string) {
  return context.kv.read<Attachment>(attachmentKey(conversationId, attachmentId));
}

/** Best effort like every KV conditional write: the version is checked by a read first. */
export async function updateAttachment(context: KvContext, next: Attachment, expectedVersion: number): Promise<void> {
  const stored = await context.kv.read<Attachment>(attachmentKey(next.conversationId, next.id));
  checkExpected(`attachment ${next.id}`, stored, expectedVersion);
  await writeAttachment(context, next);
}
