import type { Attachment, AttachmentRef, Message } from '../domain/model.js';
import type { FieldError } from '../http/problem.js';
import { HttpProblem } from '../http/problem.js';
import { variantKey } from '../media/keys.js';
import { live, refOf } from '../media/records.js';
import { VARIANTS } from '../schemas/attachments.js';
import { visibleConversation } from './access.js';
import type { Services } from './services.js';

/**
 * The records `ids` name, if every one can go on a message of `caller`'s in this conversation: of
 * this conversation, uploaded by the caller, `ready`, and not on another message. Otherwise 409
 * `attachment-not-ready`, naming each that is not (one error per id).
 */
export async function attachable(
  services: Services,
  conversationId: string,
  caller: string,
  ids: readonly string[] | undefined,
): Promise<Attachment[]> {
  if (!ids || ids.length === 0) return [];
  // The conversation first: a non-participant learns nothing about its attachments (404, not 409).
  await visibleConversation(services.repository, conversationId, caller);
  const now = Math.floor(services.now().getTime() / 1000);
  const stored = await Promise.all(ids.map((id) => services.repository.getAttachment(conversationId, id)));
  const errors: FieldError[] = [];
  const ready: Attachment[] = [];
  ids.forEach((id, i) => {
    const record = live(stored[i] ?? null, now);
    const why = !record
      ? 'does not exist in this conversation'
      : record.uploaderId !== caller
        ? 'was uploaded by someone else'
        : record.state !== 'ready'
          ? `is ${record.state}`
          : record.messageId !== null
            ? 'is already on another message'
            : null;
    if (why) errors.push({ pointer: `/attachmentIds/${i}`, detail: `attachment ${id} ${why}` });
    else if (record) ready.push(record);
  });
  if (errors.length > 0) {
    throw new HttpProblem('attachment-not-ready', errors.map((e) => e.detail).join('; '), { errors });
  }
  return ready;
}

export const refsOf = (attachments: readonly Attachment[]): AttachmentRef[] => attachments.map(refOf);

/**
 * After the message is stored: each record names its message and loses its TTL. Not in the
 * message's transaction (the records may live elsewhere than the message); a failure here leaves
 * the message posted with its metadata, and the record to expire (logged, docs/media.md).
 */
export async function claimAttachments(services: Services, message: Message, records: readonly Attachment[]) {
  await Promise.all(
    records.map((record) =>
      services.repository
        .updateAttachment(
          { ...record, messageId: message.id, expiresAt: null, version: record.version + 1 },
          record.version,
        )
        .catch((error: unknown) =>
          services.log({
            level: 'warn',
            event: 'attachment-claim-failed',
            attachmentId: record.id,
            error: String(error),
          }),
        ),
    ),
  );
}

/** A tombstoned message's media go (best effort: a failure is logged, the tombstone stands). */
export async function deleteMedia(services: Services, message: Message): Promise<void> {
  if (!services.media || message.attachments.length === 0) return;
  const keys = message.attachments.flatMap((ref) =>
    VARIANTS.map((variant) => variantKey(message.conversationId, ref.id, variant)),
  );
  await services.media
    .delete(keys)
    .catch((error: unknown) =>
      services.log({ level: 'warn', event: 'media-delete-failed', messageId: message.id, error: String(error) }),
    );
}
