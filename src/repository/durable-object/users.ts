import type { ReadState, User } from '../../domain/model.js';
import type { ConversationPage, ExpectedVersion, PageRequest } from '../port.js';
import { call, type DurableObjectContext } from './context.js';
import { readUsersAtOnce } from '../users-in-order.js';
import { objectOf } from './namespaces.js';

const user = (context: DurableObjectContext, id: string) => objectOf(context, context.users, id);

export function getUser(context: DurableObjectContext, id: string): Promise<User | null> {
  return call(context, 'user', () => user(context, id).getUser(id));
}

/** Each profile lives in its user's object: one call per distinct id, all at once. */
export function getUsers(context: DurableObjectContext, ids: readonly string[]): Promise<User[]> {
  return readUsersAtOnce(ids, (id) => getUser(context, id));
}

/** The handle's owner, then their profile: counted only if the profile still has that handle. */
export async function getUserByHandle(context: DurableObjectContext, handle: string): Promise<User | null> {
  const owner = await call(context, 'handle', () => objectOf(context, context.handles, handle).owner(handle));
  if (owner === null) return null;
  const found = await getUser(context, owner);
  return found?.handle === handle ? found : null;
}

export async function saveUser(context: DurableObjectContext, next: User, expected: ExpectedVersion): Promise<void> {
  await call(context, 'user', () => user(context, next.id).saveUser(next, expected));
}

export async function deleteUser(context: DurableObjectContext, id: string, expectedVersion: number): Promise<void> {
  await call(context, 'user', () => user(context, id).deleteUser(id, expectedVersion));
}

/**
 * One call to the user's object: its list holds a copy of each conversation, with the user's read
 * state in it (see user-object.ts).
 */
export function listConversations(
  context: DurableObjectContext,
  userId: string,
  page: PageRequest,
): Promise<ConversationPage> {
  return call(context, 'user', () => user(context, userId).listConversations(userId, page));
}

/** One call to the user's object: its list carries the read state its conversations last announced. */
export async function getReadStates(
  context: DurableObjectContext,
  userId: string,
  conversationIds: string[],
): Promise<ReadState[]> {
  if (conversationIds.length === 0) return [];
  return call(context, 'user', () => user(context, userId).readStates(userId, conversationIds));
}
