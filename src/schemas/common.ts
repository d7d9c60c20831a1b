import * as v from 'valibot';
import { once } from './once.js';

/** Every input limit of the spec in one place; the schemas, the body reader and the docs use these. */
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
  /** Same ceiling as the verifier puts on a token's `sub`. */
  userId: 255,
  url: 2048,
  attachmentName: 255,
  mediaType: 255,
  cursor: 2048,
  idempotencyKey: 255,
  /** Largest request body accepted, in bytes (64 KiB). */
  bodyBytes: 64 * 1024,
} as const;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** Conversation and message ids: ULIDs, so sorting ids sorts by creation time. */
export const UlidSchema = once(() =>
  v.pipe(
    v.string(),
    v.regex(ULID, 'must be a ULID (26 upper-case Crockford base32 characters)'),
    v.description('A ULID: 26 Crockford base32 characters; ids sort by creation time.'),
  ),
);

/**
 * A user id is the `sub` claim of the user's token (the verifier enforces the same rule), so any
 * identity provider's ids fit; a user need not have a profile to take part in conversations.
 */
export const UserIdSchema = once(() =>
  v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(LIMITS.userId, `must be at most ${LIMITS.userId} characters`),
    v.regex(/^[^\u0000-\u001f\u007f]+$/, 'must not contain control characters'),
    v.description("A user id: the `sub` claim of that user's bearer token."),
  ),
);

export const TimestampSchema = once(() =>
  v.pipe(v.string(), v.isoTimestamp(), v.description('ISO-8601 UTC timestamp.')),
);

export const VersionSchema = once(() =>
  v.pipe(
    v.number(),
    v.integer(),
    v.minValue(1),
    v.description('Starts at 1 and grows by 1 on every change; the `ETag` is this number, quoted.'),
  ),
);

/** `{ items, nextCursor }`: every list response. */
export function pageOf<TItem extends v.GenericSchema>(item: TItem) {
  return v.strictObject({
    items: v.array(item),
    nextCursor: v.pipe(
      v.nullable(v.string()),
      v.description('Pass as `cursor` to get the next page; `null` on the last page.'),
    ),
  });
}
