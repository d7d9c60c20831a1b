import type { User } from '../domain/model.js';

/** `ids` once each, in the order first given. */
export const distinct = (ids: readonly string[]): string[] => [...new Set(ids)];

/** The profiles in `found` (any order) arranged as `getUsers` answers: in the order of `ids`, each once. */
export function inOrderOf(ids: readonly string[], found: readonly User[]): User[] {
  const byId = new Map(found.map((user) => [user.id, user]));
  return distinct(ids).flatMap((id) => byId.get(id) ?? []);
}

/**
 * `getUsers` for a store without a batch read: every distinct id read at once (in parallel, so the
 * request waits for one read, not one per id), the found profiles in the order of `ids`.
 */
export async function readUsersAtOnce(
  ids: readonly string[],
  read: (id: string) => Promise<User | null> | User | null,
): Promise<User[]> {
  const found = await Promise.all(distinct(ids).map(async (id) => read(id)));
  return found.filter((user): user is User => user !== null);
}
