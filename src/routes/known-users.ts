import { HttpProblem } from '../http/problem.js';
import type { Repository } from '../repository/port.js';
import { distinct } from '../repository/users-in-order.js';

/** How many unknown ids the detail names; `unknownUserIds` always lists them all. */
const NAMED_IN_DETAIL = 5;

/**
 * 422 `unknown-participants` unless every id in `ids` has a profile, checked with one batch read
 * (`getUsers`) before anything is written. Best effort: a profile deleted between this read and the
 * write slips in, as a profile deleted after the write would (docs/api.md, "Participants must exist").
 */
export async function requireKnownUsers(repository: Repository, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const known = new Set((await repository.getUsers(ids)).map((user) => user.id));
  const unknown = distinct(ids).filter((id) => !known.has(id));
  if (unknown.length === 0) return;
  const named = unknown.slice(0, NAMED_IN_DETAIL).join(', ');
  const more = unknown.length > NAMED_IN_DETAIL ? ` and ${unknown.length - NAMED_IN_DETAIL} more` : '';
  throw new HttpProblem(
    'unknown-participants',
    `${unknown.length === 1 ? 'This user has' : 'These users have'} no profile: ${named}${more}. ` +
      'Every participant must have created a profile (PUT /v1/users/me) first; nothing was changed.',
    { unknownUserIds: unknown },
  );
}
