import type { Attachment, AttachmentRef } from '../domain/model.js';
import { LIMITS } from '../domain/rules.js';

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

/** What `POST …/attachments` asks for, and who. */
export interface UploadRequest {
  id: string;
  conversationId: string;
  uploaderId: string;
  mediaType: string;
  size: number;
  name: string | null;
}

/** The record of an upload not made yet: `pending`, forgotten `LIMITS.pendingAttachmentSeconds` after `now`. */
export function pendingAttachment(request: UploadRequest, now: Date): Attachment {
  return {
    ...request,
    state: 'pending',
    createdAt: now.toISOString(),
    reason: null,
    width: null,
    height: null,
    bytes: null,
    sha256: null,
    variants: [],
    messageId: null,
    expiresAt: Math.floor(now.getTime() / 1000) + LIMITS.pendingAttachmentSeconds,
    version: 1,
  };
}
