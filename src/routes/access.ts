import type { Conversation } from '../domain/model.js';
import { conversationNotFound, staleVersion } from '../http/errors.js';
import { type EntityTagCondition, ifMatchAllows } from '../http/etag.js';
import type { Repository } from '../repository/port.js';

/** The conversation if `caller` takes part in it; otherwise the same 404 as for a missing one. */
export async function visibleConversation(repository: Repository, id: string, caller: string): Promise<Conversation> {
  return ensureVisible(await repository.getConversation(id), caller);
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
