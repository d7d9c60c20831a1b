import * as v from 'valibot';
import { LIMITS } from '../domain/rules.js';
import { pageOf, TimestampSchema, UlidSchema, UserIdSchema, VersionSchema } from './common.js';
import { once } from './once.js';
import { ReadStateSchema } from './read-state.js';

const Title = once(() =>
  v.pipe(
    v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.title, `must be at most ${LIMITS.title} characters`))),
    v.description('Optional; `null` for none.'),
  ),
);

/** A list of user ids without duplicates; the bound is checked again once the caller is added. */
const ParticipantIds = (min: number, description: string) =>
  v.pipe(
    v.array(UserIdSchema()),
    v.minLength(min, `must list at least ${min} user id`),
    v.maxLength(LIMITS.participants, `must list at most ${LIMITS.participants} user ids`),
    v.check((ids) => new Set(ids).size === ids.length, 'must not list a user id twice'),
    v.metadata({ uniqueItems: true }),
    v.description(description),
  );

export const CreateConversationSchema = once(() =>
  v.strictObject({
    title: v.optional(Title()),
    participantIds: ParticipantIds(
      0,
      `The other participants; the caller is always added. At most ${LIMITS.participants} in all.`,
    ),
  }),
);

export const RenameConversationSchema = once(() => v.strictObject({ title: Title() }));

export const AddParticipantsSchema = once(() =>
  v.strictObject({
    participantIds: ParticipantIds(1, 'User ids to add; ones already present are ignored.'),
  }),
);

export const ConversationSchema = once(() =>
  v.strictObject({
    id: UlidSchema(),
    title: v.nullable(v.string()),
    createdBy: UserIdSchema(),
    participantIds: v.array(UserIdSchema()),
    createdAt: TimestampSchema(),
    updatedAt: TimestampSchema(),
    lastActivityAt: TimestampSchema(),
    lastMessageId: v.nullable(UlidSchema()),
    version: VersionSchema(),
  }),
);

/**
 * A conversation as its caller sees it: the stored record plus the caller's own read state
 * (`src/schemas/read-state.ts`), which is not part of the record. Its ETag follows these fields too.
 */
export const ConversationViewSchema = once(() =>
  v.strictObject({
    ...ConversationSchema().entries,
    lastReadMessageId: ReadStateSchema().entries.lastReadMessageId,
    unreadCount: ReadStateSchema().entries.unreadCount,
  }),
);

export const ConversationParams = once(() => v.object({ conversationId: UlidSchema() }));

export const ParticipantParams = once(() => v.object({ conversationId: UlidSchema(), userId: UserIdSchema() }));

export const ConversationPageSchema = once(() => pageOf(ConversationViewSchema()));
