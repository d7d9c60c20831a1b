import type { Variant } from '../schemas/attachments.js';

/**
 * Object keys. Clients upload under `pending/` only, and the bucket's trigger (S3 notification, R2
 * event rule) filters on that prefix; the processor writes under `media/`, so it can never trigger
 * itself. Lifecycle rules expire `pending/` after a day.
 */
export const UPLOAD_PREFIX = 'pending/';
export const MEDIA_PREFIX = 'media/';

export const uploadKey = (conversationId: string, attachmentId: string) =>
  `${UPLOAD_PREFIX}${conversationId}/${attachmentId}`;

export const variantKey = (conversationId: string, attachmentId: string, variant: Variant) =>
  `${MEDIA_PREFIX}${conversationId}/${attachmentId}/${variant}`;

const UPLOAD_KEY = /^pending\/([0-9A-HJKMNP-TV-Z]{26})\/([0-9A-HJKMNP-TV-Z]{26})$/;

/** The attachment an uploaded key belongs to, or `null` for any key Parley did not hand out. */
export function parseUploadKey(key: string): { conversationId: string; attachmentId: string } | null {
  const match = UPLOAD_KEY.exec(key);
  return match?.[1] && match[2] ? { conversationId: match[1], attachmentId: match[2] } : null;
}
