import * as v from 'valibot';
import { LIMITS } from '../domain/rules.js';
import { TimestampSchema, UlidSchema, UserIdSchema } from './common.js';
import { once } from './once.js';

/**
 * One participant's read state in one conversation: the record every backend stores (beside the
 * participant's conversation index entry) and the source of `unreadCount` / `lastReadMessageId` in
 * the caller's conversation representation and of `GET /v1/conversations/{id}/read`.
 *
 * - The horizon only moves forward (ids are time-ordered ULIDs): marking an older message read
 *   changes nothing.
 * - Posting a message moves its author's horizon to it (sending implies having read what came before).
 * - A participant added later starts at the conversation's `lastMessageId` then (history is not unread).
 * - `unreadCount` counts messages by others after the horizon, tombstones included, up to
 *   `LIMITS.unreadCap`: the cap means "that many or more".
 */
export const ReadStateSchema = once(() =>
  v.strictObject({
    conversationId: UlidSchema(),
    userId: UserIdSchema(),
    lastReadMessageId: v.pipe(
      v.nullable(UlidSchema()),
      v.description('The newest message this participant has read; `null` before the first.'),
    ),
    readAt: v.pipe(v.nullable(TimestampSchema()), v.description('When the horizon last moved; `null` before.')),
    unreadCount: v.pipe(
      v.number(),
      v.integer(),
      v.minValue(0),
      v.maxValue(LIMITS.unreadCap),
      v.description(
        `Messages by others after the horizon, counted up to ${LIMITS.unreadCap} (${LIMITS.unreadCap} means that many or more).`,
      ),
    ),
  }),
);

/** `PUT /v1/conversations/{conversationId}/read`. */
export const MarkReadSchema = once(() =>
  v.strictObject({
    messageId: v.pipe(
      UlidSchema(),
      v.description('A message of this conversation; older than the horizon: no change.'),
    ),
  }),
);

/**
 * What the other participants see of one's read state: where the horizon is, not what is left
 * unread (that count is the reader's own, in their conversation replies and `PUT …/read`).
 */
export const ParticipantReadSchema = once(() => v.omit(ReadStateSchema(), ['unreadCount']));

/** `GET /v1/conversations/{conversationId}/read`: every participant's horizon, in participant order. */
export const ReadStateListSchema = once(() => v.strictObject({ items: v.array(ParticipantReadSchema()) }));
