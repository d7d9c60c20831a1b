import type { Hono } from 'hono';
import type { User } from '../domain/model.js';
import type { AppEnv } from '../http/env.js';
import { staleVersion } from '../http/errors.js';
import { etagOf, ifMatchAllows, ifNoneMatchAllows } from '../http/etag.js';
import { HttpProblem } from '../http/problem.js';
import { emptyReply, jsonReply, type Reply } from '../http/reply.js';
import { userView } from '../http/representations.js';
import { ConflictError, NotFoundError, VersionMismatchError } from '../repository/errors.js';
import { bind, type RouteHandler } from './bind.js';
import * as ops from './operations/users.js';
import { requireMatch, timestamp } from './access.js';
import type { Services } from './services.js';

export function mountUsers(app: Hono<AppEnv>, services: Services): void {
  // `/users/me` before `/users/{userId}`: "me" always means the caller.
  bind(app, services, ops.putMe, putMe);
  bind(app, services, ops.getMe, getMe);
  bind(app, services, ops.patchMe, patchMe);
  bind(app, services, ops.deleteMe, deleteMe);
  bind(app, services, ops.getUser, getUser);
  bind(app, services, ops.findUserByHandle, findUserByHandle);
}

const profileReply = (user: User, status = 200, headers: Record<string, string> = {}): Reply =>
  jsonReply(status, userView(user), { etag: etagOf(user.version), ...headers });

const noProfile = () => new HttpProblem('not-found', 'You have no profile yet; create it with PUT /v1/users/me.');

/** Someone else wrote between our read and our conditional write. */
const lostRace = (error: unknown) =>
  error instanceof VersionMismatchError ||
  error instanceof NotFoundError ||
  (error instanceof ConflictError && error.reason === 'exists');

const putMe: RouteHandler<typeof ops.putMe> = async ({ services, caller, body, ifMatch, ifNoneMatch }) => {
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
      if (lostRace(error) && !conditional && attempt < 3) continue;
      if (lostRace(error)) throw staleVersion();
      throw error;
    }
    return existing
      ? profileReply(user)
      : profileReply(user, 201, { location: `/v1/users/${encodeURIComponent(caller)}` });
  }
};

const getMe: RouteHandler<typeof ops.getMe> = async ({ services, caller }) => {
  const user = await services.repository.getUser(caller);
  if (!user) throw noProfile();
  return profileReply(user);
};

const patchMe: RouteHandler<typeof ops.patchMe> = async ({ services, caller, body, ifMatch }) => {
  const existing = await services.repository.getUser(caller);
  if (!existing) throw noProfile();
  requireMatch(ifMatch, existing.version);
  const user: User = {
    ...existing,
    ...(body.handle !== undefined ? { handle: body.handle } : {}),
    ...(body.displayName !== undefined ? { displayName: body.displayName } : {}),
    updatedAt: timestamp(services.now()),
    version: existing.version + 1,
  };
  await services.repository.saveUser(user, existing.version);
  return profileReply(user);
};

const deleteMe: RouteHandler<typeof ops.deleteMe> = async ({ services, caller, ifMatch }) => {
  const existing = await services.repository.getUser(caller);
  if (!existing) throw noProfile();
  requireMatch(ifMatch, existing.version);
  await services.repository.deleteUser(caller, existing.version);
  return emptyReply();
};

const getUser: RouteHandler<typeof ops.getUser> = async ({ services, params }) => {
  const user = await services.repository.getUser(params.userId);
  if (!user) throw new HttpProblem('not-found', 'No such user.');
  return profileReply(user);
};

const findUserByHandle: RouteHandler<typeof ops.findUserByHandle> = async ({ services, query }) => {
  const user = await services.repository.getUserByHandle(query.handle.toLowerCase());
  if (!user) throw new HttpProblem('not-found', 'No user has this handle.');
  return profileReply(user);
};
