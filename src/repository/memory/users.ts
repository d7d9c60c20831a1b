import type { User } from '../../domain/model.js';
import { ConflictError } from '../errors.js';
import type { ExpectedVersion } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { readUsersAtOnce } from '../users-in-order.js';
import { copy, type MemoryState } from './state.js';

export function getUser(state: MemoryState, id: string): User | null {
  return copy(state.users.get(id) ?? null);
}

export function getUsers(state: MemoryState, ids: readonly string[]): Promise<User[]> {
  return readUsersAtOnce(ids, (id) => getUser(state, id));
}

export function saveUser(state: MemoryState, user: User, expected: ExpectedVersion): void {
  const stored = state.users.get(user.id);
  checkExpected(`user ${user.id}`, stored, expected);
  const { handle } = user;
  const owner = state.handles.get(handle);
  if (owner !== undefined && owner !== user.id) {
    throw new ConflictError(`handle ${handle} is taken`, 'handle_taken');
  }
  if (stored) state.handles.delete(stored.handle);
  state.handles.set(handle, user.id);
  state.users.set(user.id, copy(user));
}

export function deleteUser(state: MemoryState, id: string, expectedVersion: number): void {
  const stored = state.users.get(id);
  checkExpected(`user ${id}`, stored, expectedVersion);
  state.users.delete(id);
  if (stored) state.handles.delete(stored.handle);
}

export function getUserByHandle(state: MemoryState, handle: string): User | null {
  const id = state.handles.get(handle);
  const user = id === undefined ? undefined : state.users.get(id);
  return user ? copy(user) : null;
}
