/**
 * The object key of an R2 event notification message that created an object
 * (https://developers.cloudflare.com/r2/buckets/event-notifications/: `{ account, action, bucket,
 * object: { key, size, eTag }, eventTime, copySource? }`); `null` for anything else. R2 keys arrive
 * as they are (not URL-encoded, unlike S3's).
 */
const CREATED = new Set(['PutObject', 'CopyObject', 'CompleteMultipartUpload']);

export function uploadedKeyOf(body: unknown): string | null {
  const message = body as { action?: unknown; object?: { key?: unknown } } | null;
  if (!message || typeof message.action !== 'string' || !CREATED.has(message.action)) return null;
  return typeof message.object?.key === 'string' ? message.object.key : null;
}
