import { HandleQuery, PatchProfileSchema, PutProfileSchema, UserIdParams, UserSchema } from '../../schemas/users.js';
import { defineOperation } from '../operation.js';

const profile = { description: 'The profile.', schema: UserSchema, headers: ['etag'] } as const;

export const putMe = defineOperation({
  operationId: 'putMe',
  method: 'PUT',
  path: '/v1/users/me',
  tag: 'users',
  summary: "Create or replace the caller's profile",
  description:
    'Send `If-None-Match: *` to only create, or `If-Match` with the current ETag to only replace; without either the profile is created or replaced.',
  auth: true,
  get body() {
    return PutProfileSchema();
  },
  preconditions: 'optional',
  responses: {
    200: { ...profile, description: 'The profile was replaced.' },
    201: { ...profile, description: 'The profile was created.', headers: ['etag', 'location'] },
  },
  problems: ['handle-taken'],
});

export const getMe = defineOperation({
  operationId: 'getMe',
  method: 'GET',
  path: '/v1/users/me',
  tag: 'users',
  summary: "Read the caller's profile",
  auth: true,
  responses: { 200: profile },
  problems: ['not-found'],
});

export const patchMe = defineOperation({
  operationId: 'patchMe',
  method: 'PATCH',
  path: '/v1/users/me',
  tag: 'users',
  summary: "Change the caller's handle and/or display name",
  auth: true,
  get body() {
    return PatchProfileSchema();
  },
  preconditions: 'required',
  responses: { 200: profile },
  problems: ['not-found', 'handle-taken'],
});

export const deleteMe = defineOperation({
  operationId: 'deleteMe',
  method: 'DELETE',
  path: '/v1/users/me',
  tag: 'users',
  summary: "Delete the caller's profile (and release its handle)",
  auth: true,
  preconditions: 'required',
  responses: { 204: { description: 'Deleted.' } },
  problems: ['not-found'],
});

export const getUser = defineOperation({
  operationId: 'getUser',
  method: 'GET',
  path: '/v1/users/{userId}',
  tag: 'users',
  summary: 'Read a public profile by user id',
  auth: true,
  get params() {
    return UserIdParams();
  },
  responses: { 200: profile },
  problems: ['not-found'],
});

export const findUserByHandle = defineOperation({
  operationId: 'findUserByHandle',
  method: 'GET',
  path: '/v1/users',
  tag: 'users',
  summary: 'Find a public profile by handle (case-insensitive)',
  auth: true,
  get query() {
    return HandleQuery();
  },
  responses: { 200: profile },
  problems: ['not-found'],
});
