import type { User } from '../../domain/model.js';
import { ConflictError } from '../errors.js';
import type { ExpectedVersion } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { bestEffort, type KvContext } from './context.js';
import { readUsersAtOnce } from '../users-in-order.js';
import { handleRecordKey, userKey } from './keys.js';

/**
 * The user a handle record points at, if that user still has the handle. A handle record can
 * outlive its owner's claim (a crash between writes, a failed clean-up), so it is never trusted alone.
 */
export async function getUserByHandle({ kv }: KvContext, handle: string): Promise<User | null> {
  const ownerId = await kv.read<string>(handleRecordKey(handle));
  if (ownerId === null) return null;
  const owner = await kv.read<User>(userKey(ownerId));
  return owner && owner.handle === handle ? owner : null;
}

export function getUser({ kv }: KvContext, id: string): Promise<User | null> {
  return kv.read<User>(userKey(id));
}

/** One KV read per distinct id, all at once (KV has no batch read across keys here). */
export function getUsers(context: KvContext, ids: readonly string[]): Promise<User[]> {
  return readUsersAtOnce(ids, (id) => getUser(context, id));
}

/**
 * Read-then-write (KV has no compare-and-set). Order: claim the new handle, write the profile,
 * release the old handle. A crash between steps leaves at most a handle record nobody's profile
 * names, which `handleOwner` ignores and the next claimant overwrites.
 */
export async function saveUser(context: KvContext, user: User, expected: ExpectedVersion): Promise<void> {
  const { kv } = context;
  const stored = await kv.read<User>(userKey(user.id));
  checkExpected(`user ${user.id}`, stored, expected);
  const owner = await getUserByHandle(context, user.handle);
  if (owner && owner.id !== user.id) {
    throw new ConflictError(`handle ${user.handle} is taken`, 'handle_taken');
  }
  const claimsHandle = !owner;
  if (claimsHandle) await kv.write(handleRecordKey(user.handle), user.id);
  try {
    await kv.write(userKey(user.id), user);
  } catch (error) {
    if (claimsHandle) await bestEffort(context, 'unclaim handle', () => kv.remove(handleRecordKey(user.handle)));
    throw error;
  }
  if (stored && stored.handle !== user.handle) {
    await bestEffort(context, 'release old handle', () => kv.remove(handleRecordKey(stored.handle)));
  }
}

export async function deleteUser(context: KvContext, id: string, expectedVersion: number): Promise<void> {
  const { kv } = context;
  const stored = await kv.read<User>(userKey(id));
  checkExpected(`user ${id}`, stored, expectedVersion);
  await kv.remove(userKey(id));
  if (stored) await bestEffort(context, 'release handle', () => kv.remove(handleRecordKey(stored.handle)));
}
