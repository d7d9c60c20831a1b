/**
 * Every input rule of the spec in one place: the schemas (`src/schemas/`), the body reader, the token
 * verifier, the OpenAPI description and the migration tool all read these, so a limit is changed once.
 */
export const LIMITS = {
  handleMin: 3,
  handleMax: 30,
  displayName: 80,
  title: 200,
  messageBody: 4000,
  attachments: 10,
  participants: 256,
  pageSize: 100,
  defaultPageSize: 25,
  /** A user id is a token's `sub`; it becomes part of storage keys (KV keys are ≤ 512 bytes). */
  userId: 255,
  url: 2048,
  attachmentName: 255,
  mediaType: 255,
  cursor: 2048,
  idempotencyKey: 255,
  /** Largest request body accepted, in bytes (64 KiB). */
  bodyBytes: 64 * 1024,
  /** Largest upload by default, in bytes (20 MiB); `MEDIA_MAX_BYTES` changes it per deployment. */
  mediaMaxBytes: 20 * 1024 * 1024,
  /** How long an upload URL is valid, in seconds (the issue allows at most 15 minutes). */
  uploadUrlSeconds: 10 * 60,
  /** How long a download URL is valid, in seconds. */
  downloadUrlSeconds: 5 * 60,
  /** A record never attached to a message is forgotten this long after it was created (the TTL). */
  pendingAttachmentSeconds: 24 * 60 * 60,
  /** Longest side of a thumbnail, in pixels. */
  thumbnailPixels: 320,
  /** Largest image decoded, in pixels (width × height): a decompression bomb is rejected unread. */
  imagePixels: 100_000_000,
  /** `unreadCount` is counted up to this many messages; the cap itself means "that many or more". */
  unreadCap: 100,
} as const;

/**
 * The media types an attachment may have. `image` types are decoded, checked and re-encoded by the
 * processor (the raw upload is never served); `file` types are checked by their magic bytes and then
 * stored as they are, served only as a download (`Content-Disposition: attachment`).
 */
export const MEDIA_TYPES = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/webp': 'image',
  'image/gif': 'image',
  'application/pdf': 'file',
} as const satisfies Record<string, 'image' | 'file'>;
export type MediaType = keyof typeof MEDIA_TYPES;

export function isMediaType(value: string): value is MediaType {
  return Object.hasOwn(MEDIA_TYPES, value);
}

/**
 * A handle as stored: lower-case letters, digits and underscores. Input may use any case; handles are
 * unique case-insensitively, so the core lower-cases them (`normalizeHandle`) before anything else
 * sees them, and backends compare them as given.
 */
export const HANDLE_PATTERN = new RegExp(`^[a-z0-9_]{${LIMITS.handleMin},${LIMITS.handleMax}}$`);
/** What a client may send as a handle (any case). */
export const HANDLE_INPUT_PATTERN = new RegExp(`^[A-Za-z0-9_]{${LIMITS.handleMin},${LIMITS.handleMax}}$`);
export const HANDLE_RULE = `${LIMITS.handleMin}–${LIMITS.handleMax} letters, digits or underscores`;

export function normalizeHandle(handle: string): string {
  return handle.toLowerCase();
}

/** A user id has no control characters (the length is `LIMITS.userId`). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the rule is exactly "no control characters".
export const USER_ID_PATTERN = /^[^\u0000-\u001f\u007f]+$/;

/** A user id (a token's `sub`): 1–255 characters, none of them a control character. */
export function isUserId(value: string): boolean {
  return value.length <= LIMITS.userId && USER_ID_PATTERN.test(value);
}
