/**
 * The object keys of an S3 event notification's `ObjectCreated:*` records
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
 * Keys arrive URL-encoded with `+` for a space; other records (removals, a malformed entry) are
 * left out, never thrown on: a bad record must not make Lambda retry the whole event forever.
 */
export function createdKeysOf(event: unknown): string[] {
  const records = (event as { Records?: unknown } | null)?.Records;
  if (!Array.isArray(records)) return [];
  const keys: string[] = [];
  for (const record of records as Array<S3Record | null>) {
    const key = record?.s3?.object?.key;
    if (record?.eventSource !== 'aws:s3' || typeof key !== 'string') continue;
    if (typeof record.eventName !== 'string' || !record.eventName.startsWith('ObjectCreated:')) continue;
    try {
      keys.push(decodeURIComponent(key.replace(/\+/g, ' ')));
    } catch {
      // Not valid percent-encoding: not a key Parley handed out.
    }
  }
  return keys;
}

/** What is read of one record; anything may be missing or of another type in a malformed event. */
interface S3Record {
  eventSource?: unknown;
  eventName?: unknown;
  s3?: { object?: { key?: unknown } };
}
