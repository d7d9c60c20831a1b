import * as v from 'valibot';
import { LIMITS, USER_ID_PATTERN } from '../domain/rules.js';
import { once } from './once.js';

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
    v.regex(USER_ID_PATTERN, 'must not contain control characters'),
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
