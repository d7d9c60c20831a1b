import type { BackendOperations } from '../bind-operations.js';
import { readUsersAtOnce } from '../users-in-order.js';
import { call, type DurableObjectContext } from './context.js';
import { objectOf, type UserRpc } from './namespaces.js';
import type { Reply } from './rpc.js';

/** One call to the object of user `id` (`idFromName(id)`). */
const inUser = <T>(
  context: DurableObjectContext,
  id: string,
  invoke: (object: UserRpc) => Promise<Reply<T>>,
): Promise<T> => call(context, 'user', () => invoke(objectOf(context, context.users, id)));

/**
 * The operations answered by the user's object: the profile, and the user's conversation list, a
 * copy of each conversation with the user's read state in it (see user-object.ts), so a list and
 * the read states of its page are one call each.
 */
export const userCalls: Pick<
  BackendOperations<DurableObjectContext>,
  'getUser' | 'getUsers' | 'getUserByHandle' | 'saveUser' | 'deleteUser' | 'listConversations' | 'getReadStates'
> = {
  getUser: (context, id) => inUser(context, id, (object) => object.getUser(id)),
  /** Each profile lives in its user's object: one call per distinct id, all at once. */
  getUsers: (context, ids) => readUsersAtOnce(ids, (id) => inUser(context, id, (object) => object.getUser(id))),
  /** The handle's owner, then their profile: counted only if the profile still has that handle. */
  async getUserByHandle(context, handle) {
    const owner = await call(context, 'handle', () => objectOf(context, context.handles, handle).owner(handle));
    if (owner === null) return null;
    const found = await inUser(context, owner, (object) => object.getUser(owner));
    return found?.handle === handle ? found : null;
  },
  async saveUser(context, next, expected) {
    await inUser(context, next.id, (object) => object.saveUser(next, expected));
  },
  async deleteUser(context, id, expectedVersion) {
    await inUser(context, id, (object) => object.deleteUser(id, expectedVersion));
  },
  listConversations: (context, userId, page) =>
    inUser(context, userId, (object) => object.listConversations(userId, page)),
  getReadStates: async (context, userId, conversationIds) =>
    conversationIds.length === 0 ? [] : inUser(context, userId, (object) => object.readStates(userId, conversationIds)),
};
