import type { Conversation, ReadState } from '../domain/model.js';
import { conversationNotFound, staleVersion } from '../http/errors.js';
import { type EntityTagCondition, ifMatchAllows } from '../http/etag.js';
import type { CursorScope, CursorSigner } from '../http/cursor.js';
import { jsonReply, type Reply } from '../http/reply.js';
import type { Page, Repository } from '../repository/port.js';

/** The conversation if `caller` takes part in it; otherwise the same 404 as for a missing one. */
export async function visibleConversation(repository: Repository, id: string, caller: string): Promise<Conversation> {
  return ensureVisible(await repository.getConversation(id), caller);
}

/**
 * `visibleConversation` and the caller's read state in it, read in parallel (on DynamoDB two
 * concurrent calls: a read stays within its round-trip budget).
 */
export async function visibleWithReadState(
  repository: Repository,
  id: string,
  caller: string,
): Promise<{ conversation: Conversation; state: ReadState }> {
  const [conversation, states] = await Promise.all([
    repository.getConversation(id),
    repository.getReadStates(caller, [id]),
  ]);
  const state = states[0];
  const visible = ensureVisible(conversation, caller);
  if (!state) throw new Error('getReadStates answered no state for the id asked');
  return { conversation: visible, state };
}

export function ensureVisible(conversation: Conversation | null, caller: string): Conversation {
  if (!conversation?.participantIds.includes(caller)) throw conversationNotFound();
  return conversation;
}

/** 412 unless `If-Match` names the current version (`bind` has already answered 428 when it is absent). */
export function requireMatch(ifMatch: EntityTagCondition | undefined, version: number): void {
  if (ifMatch && !ifMatchAllows(ifMatch, version)) throw staleVersion();
}

export function timestamp(now: Date): string {
  return now.toISOString();
}

/** The next version of `record`: `changes` applied and `version` + 1 (the ETag follows it). */
export function revise<T extends { version: number }>(record: T, changes: Partial<T>): T {
  return { ...record, ...changes, version: record.version + 1 };
}

/**
 * The conditional write of every PATCH/DELETE that keeps a record: 412 unless `If-Match` names
 * `current`'s version, then `save` its next version expecting the current one. Returns what was saved.
 */
export async function saveRevision<T extends { version: number }>(
  ifMatch: EntityTagCondition | undefined,
  current: T,
  changes: Partial<T>,
  save: (next: T, expectedVersion: number) => Promise<unknown>,
): Promise<T> {
  requireMatch(ifMatch, current.version);
  const next = revise(current, changes);
  await save(next, current.version);
  return next;
}

/**
 * One page of a list as `{ items, nextCursor }`: the client's cursor opened for `scope` (a cursor
 * only opens for the list that issued it), the backend's next one sealed for it.
 */
export async function pageReply<T>(
  cursors: CursorSigner,
  scope: CursorScope,
  cursor: string | undefined,
  list: (cursor: string | undefined) => Promise<Page<T>>,
  view: (item: T) => unknown,
): Promise<Reply> {
  const page = await list(cursor === undefined ? undefined : await cursors.open(cursor, scope));
  return jsonReply(200, {
    items: page.items.map(view),
    nextCursor: page.cursor === null ? null : await cursors.seal(page.cursor, scope),
  });
}
