import type { Attachment, AttachmentRef } from '../domain/model.js';

/** A record past its TTL counts as absent everywhere (stores forget it later, or never: memory). */
export function live(attachment: Attachment | null, nowSeconds: number): Attachment | null {
  if (!attachment) return null;
  return attachment.expiresAt !== null && attachment.expiresAt < nowSeconds ? null : attachment;
}

/** What a message embeds of a ready attachment. */
export function refOf(attachment: Attachment): AttachmentRef {
  return {
    id: attachment.id,
    mediaType: attachment.mediaType,
    name: attachment.name,
    bytes: attachment.bytes ?? attachment.size,
    width: attachment.width,
    height: attachment.height,
    sha256: attachment.sha256 ?? '',
  };
}
