import * as v from 'valibot';
import { HANDLE_INPUT_PATTERN, HANDLE_PATTERN, HANDLE_RULE, LIMITS, normalizeHandle } from '../domain/rules.js';
import { TimestampSchema, UserIdSchema, VersionSchema } from './common.js';
import { once } from './once.js';

/** Input accepts any case; handles are unique case-insensitively, so they are stored lower-cased. */
const HandleInput = once(() =>
  v.pipe(
    v.string(),
    v.regex(HANDLE_INPUT_PATTERN, `must be ${HANDLE_RULE}`),
    v.description('Unique case-insensitively; stored lower-cased.'),
    v.transform(normalizeHandle),
  ),
);

const DisplayName = once(() =>
  v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(LIMITS.displayName, `must be at most ${LIMITS.displayName} characters`),
  ),
);

export const PutProfileSchema = once(() => v.strictObject({ handle: HandleInput(), displayName: DisplayName() }));

export const PatchProfileSchema = once(() =>
  v.pipe(
    v.strictObject({ handle: v.optional(HandleInput()), displayName: v.optional(DisplayName()) }),
    v.check(
      (patch) => patch.handle !== undefined || patch.displayName !== undefined,
      'nothing to change: give handle or displayName',
    ),
    v.metadata({ minProperties: 1 }),
  ),
);

export const UserSchema = once(() =>
  v.strictObject({
    id: UserIdSchema(),
    handle: v.pipe(v.string(), v.regex(HANDLE_PATTERN)),
    displayName: v.string(),
    createdAt: TimestampSchema(),
    updatedAt: TimestampSchema(),
    version: VersionSchema(),
  }),
);

export const UserIdParams = once(() => v.object({ userId: UserIdSchema() }));

export const HandleQuery = once(() =>
  v.object({
    handle: v.pipe(v.string(), v.regex(HANDLE_INPUT_PATTERN, `must be ${HANDLE_RULE}`), v.transform(normalizeHandle)),
  }),
);
