import { A_USER } from './addressed.js';
import type { User } from '../domain/model.js';
import { staleVersion } from '../http/errors.js';
import { ifMatchAllows, ifNoneMatchAllows } from '../http/etag.js';
import { HttpProblem } from '../http/problem.js';
import { emptyReply, type Reply, taggedReply } from '../http/reply.js';
import { userView } from '../http/representations.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../repository/errors.js';
import { HandleQuery, PatchProfileSchema, PutProfileSchema, UserSchema } from '../schemas/users.js';
import { requireMatch, saveRevision, timestamp } from './access.js';
import { defineOperation } from './operation.js';

const profile = { description: 'The profile.', schema: UserSchema, headers: ['etag'] } as const;
const NO_PROFILE = 'You have no profile yet; create it with PUT /v1/users/me.';

const profileReply = (user: User, status = 200, headers: Record<string, string> = {}): Reply =>
  taggedReply(status, userView(user), user.version, headers);

/** Someone else wrote between our read and our conditional write. */
const lostRace = (error: unknown) =>
  error instanceof VersionMismatchError ||
  error instanceof NotFoundError ||
  (error instanceof ConflictError && error.reason === 'exists');

/** Lost races are retried this often against the new state, when the client sent no precondition. */
const PUT_ATTEMPTS = 3;

export const putMe = defineOperation(
  {
    operationId: 'putMe',
    route: 'PUT /v1/users/me',
    summary: "Create or replace the caller's profile",
    description:
      'Send `If-None-Match: *` to only create, or `If-Match` with the current ETag to only replace; without either the profile is created or replaced.',
    body: PutProfileSchema,
    preconditions: 'optional',
    responses: {
      200: { ...profile, description: 'The profile was replaced.' },
      201: { ...profile, description: 'The profile was created.', headers: ['etag', 'location'] },
    },
    problems: ['handle-taken'],
    tag: 'users',
  },
  async ({ services, caller, body, ifMatch, ifNoneMatch }) => {
    const conditional = ifMatch !== undefined || ifNoneMatch !== undefined;
    for (let attempt = 1; ; attempt++) {
      const existing = await services.repository.getUser(caller);
      const version = existing?.version ?? null;
      if (ifMatch && (version === null || !ifMatchAllows(ifMatch, version))) throw staleVersion();
      if (ifNoneMatch && !ifNoneMatchAllows(ifNoneMatch, version)) {
        throw new HttpProblem('precondition-failed', 'A profile already exists (If-None-Match).');
      }
      const now = timestamp(services.now());
      const user: User = {
        id: caller,
        handle: body.handle,
        displayName: body.displayName,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
        version: (version ?? 0) + 1,
      };
      try {
        await services.repository.saveUser(user, version ?? 'absent');
      } catch (error) {
        // Without a client precondition a lost race is simply retried against the new state.
        if (lostRace(error) && !conditional && attempt < PUT_ATTEMPTS) continue;
        throw error;
      }
      return existing
        ? profileReply(user)
        : profileReply(user, 201, { location: `/v1/users/${encodeURIComponent(caller)}` });
    }
  },
);

export const getMe = defineOperation(
  {
    operationId: 'getMe',
    route: 'GET /v1/users/me',
    summary: "Read the caller's profile",
    notFound: NO_PROFILE,
    responses: { 200: profile },
    tag: 'users',
  },
  async ({ services, caller, found }) => profileReply(found(await services.repository.getUser(caller))),
);

export const patchMe = defineOperation(
  {
    operationId: 'patchMe',
    route: 'PATCH /v1/users/me',
    summary: "Change the caller's handle and/or display name",
    body: PatchProfileSchema,
    preconditions: 'required',
    notFound: NO_PROFILE,
    responses: { 200: profile },
    problems: ['handle-taken'],
    tag: 'users',
  },
  async ({ services, caller, body, ifMatch, found }) => {
    const existing = found(await services.repository.getUser(caller));
    const changes = {
      ...(body.handle !== undefined ? { handle: body.handle } : {}),
      ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
      updatedAt: timestamp(services.now()),
    };
    const user = await saveRevision(ifMatch, existing, changes, (u, v) => services.repository.saveUser(u, v));
    return profileReply(user);
  },
);

export const deleteMe = defineOperation(
  {
    operationId: 'deleteMe',
    route: 'DELETE /v1/users/me',
    summary: "Delete the caller's profile (and release its handle)",
    preconditions: 'required',
    notFound: NO_PROFILE,
    responses: { 204: { description: 'Deleted.' } },
    tag: 'users',
  },
  async ({ services, caller, ifMatch, found }) => {
    const existing = found(await services.repository.getUser(caller));
    requireMatch(ifMatch, existing.version);
    await services.repository.deleteUser(caller, existing.version);
    return emptyReply();
  },
);

export const getUser = defineOperation(
  {
    operationId: 'getUser',
    route: 'GET /v1/users/{userId}',
    summary: 'Read a public profile by user id',
    ...A_USER,
    responses: { 200: profile },
    tag: 'users',
  },
  async ({ services, params, found }) => profileReply(found(await services.repository.getUser(params.userId))),
);

export const findUserByHandle = defineOperation(
  {
    operationId: 'findUserByHandle',
    route: 'GET /v1/users',
    summary: 'Find a public profile by handle (case-insensitive)',
    query: HandleQuery,
    notFound: 'No user has this handle.',
    responses: { 200: profile },
    tag: 'users',
  },
  async ({ services, query, found }) => profileReply(found(await services.repository.getUserByHandle(query.handle))),
);
