import { HANDLE_INPUT_PATTERN, LIMITS, normalizeHandle } from '../domain/rules.js';

/**
 * MongoDB usernames → Parley handles (3–30 of `a-z 0-9 _`, unique case-insensitively), decided for
 * all users at once and deterministically, before any user is written:
 *
 * 1. A username that already fits the rule is lower-cased (`normalizeHandle`). One that does not is
 *    rewritten: accents dropped (NFKD), lower-cased, every run of other characters replaced by `_`,
 *    `_` trimmed from both ends, cut to 30; shorter than 3 → prefixed `user_` (empty → `user`).
 * 2. Users wanting the same handle: the one whose username already fitted the rule keeps it, then the
 *    smallest user id (for ObjectIds: the oldest account). The others get `<handle>_2`, `_3`, … (the
 *    base cut so the whole stays ≤ 30), skipping every handle anyone keeps.
 *
 * Every handle that differs from the lower-cased username is reported with its reason.
 */
export interface HandleWish {
  userId: string;
  /** The username as stored in MongoDB (`null` if the document had none). */
  username: string | null;
}

export interface ResolvedHandle {
  handle: string;
  /** Why it is not the username lower-cased: `invalid` (rewritten to fit the rule) and/or `taken` (by `takenBy`). */
  reason: 'invalid' | 'taken' | 'invalid+taken' | null;
  takenBy?: string;
}

const MIN = LIMITS.handleMin;
const MAX = LIMITS.handleMax;

/** Step 1: the handle a username asks for, and whether the username fitted the rule as it was. */
export function wantedHandle(username: string | null): { handle: string; valid: boolean } {
  if (username !== null && HANDLE_INPUT_PATTERN.test(username))
    return { handle: normalizeHandle(username), valid: true };
  let handle = (username ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX)
    .replace(/_+$/, '');
  if (handle.length < MIN) handle = handle === '' ? 'user' : `user_${handle}`;
  return { handle, valid: false };
}

function withSuffix(base: string, n: number): string {
  const suffix = `_${n}`;
  return base.slice(0, MAX - suffix.length) + suffix;
}

/** Step 2 for every user at once. The result does not depend on the order of `wishes`. */
export function resolveHandles(wishes: Iterable<HandleWish>): Map<string, ResolvedHandle> {
  const byHandle = new Map<string, Array<{ userId: string; valid: boolean }>>();
  for (const wish of wishes) {
    const { handle, valid } = wantedHandle(wish.username);
    let group = byHandle.get(handle);
    if (!group) byHandle.set(handle, (group = []));
    group.push({ userId: wish.userId, valid });
  }
  const out = new Map<string, ResolvedHandle>();
  const taken = new Set<string>(byHandle.keys());
  const losers: Array<{ userId: string; valid: boolean; base: string; winner: string }> = [];
  const order = (a: { userId: string; valid: boolean }, b: { userId: string; valid: boolean }) =>
    a.valid !== b.valid ? (a.valid ? -1 : 1) : a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
  for (const [handle, group] of [...byHandle].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    group.sort(order);
    const [winner, ...rest] = group;
    if (!winner) continue;
    out.set(winner.userId, { handle, reason: winner.valid ? null : 'invalid' });
    for (const loser of rest) losers.push({ ...loser, base: handle, winner: winner.userId });
  }
  for (const loser of losers) {
    let n = 2;
    while (taken.has(withSuffix(loser.base, n))) n++;
    const handle = withSuffix(loser.base, n);
    taken.add(handle);
    out.set(loser.userId, { handle, reason: loser.valid ? 'taken' : 'invalid+taken', takenBy: loser.winner });
  }
  return out;
}
