import type { Conversation, Message, ReadState, User } from '../domain/model.js';
import { ConflictError, NotFoundError } from '../repository/errors.js';
import type { Repository } from '../repository/port.js';

/**
 * Writing records from another store into a repository through its port, so every backend's own
 * rules (unique handles, per-participant indexes, outboxes) build the derived data. Each step is
 * idempotent: a record that is already there is `skipped`, so an interrupted run is simply run
 * again. Used by the KV → Durable Objects move (`./kv-to-repository.ts`); any other source (the
 * MongoDB tool) can feed the same steps.
 */
export type ImportOutcome = 'written' | 'skipped' | 'refused';

export interface ImportCounts {
  written: number;
  skipped: number;
  /** Records the target refused (a handle another user already has, a message of a missing conversation). */
  refused: number;
}

export const noCounts = (): ImportCounts => ({ written: 0, skipped: 0, refused: 0 });

export async function importUser(repository: Repository, user: User): Promise<ImportOutcome> {
  try {
    await repository.saveUser(user, 'absent');
    return 'written';
  } catch (error) {
    if (error instanceof ConflictError) return error.reason === 'exists' ? 'skipped' : 'refused';
    throw error;
  }
}

/** The conversation as it was, activity included (messages imported after it leave that alone). */
export async function importConversation(repository: Repository, conversation: Conversation): Promise<ImportOutcome> {
  try {
    await repository.createConversation(conversation);
    return 'written';
  } catch (error) {
    if (error instanceof ConflictError) return 'skipped';
    throw error;
  }
}

/**
 * A message as it was (edits and tombstones included). A message whose author has since left the
 * conversation is refused by `postMessage`; the author is then put back for the import (at the same
 * version) and noted in `readded`, and `finishConversation` takes them out again.
 */
export async function importMessage(
  repository: Repository,
  message: Message,
  readded: Set<string>,
): Promise<ImportOutcome> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await repository.postMessage(message);
      return 'written';
    } catch (error) {
      if (error instanceof NotFoundError) return 'refused';
      if (!(error instanceof ConflictError)) throw error;
      if (error.reason === 'exists') return 'skipped';
      const stored = await repository.getConversation(message.conversationId);
      if (!stored || attempt > 0) return 'refused';
      const participantIds = [...stored.participantIds, message.authorId];
      await repository.updateConversation({ ...stored, participantIds }, stored.version);
      readded.add(message.authorId);
    }
  }
  return 'refused';
}

/** After a conversation's last message: its participants exactly as in `source` again. */
export async function finishConversation(
  repository: Repository,
  source: Conversation | null,
  readded: Set<string>,
): Promise<void> {
  if (readded.size === 0 || !source) return;
  const stored = await repository.getConversation(source.id);
  if (!stored) return;
  await repository.updateConversation({ ...stored, participantIds: source.participantIds }, stored.version);
}

/**
 * A participant's read horizon as it was. `markRead` only moves a horizon forward, so a horizon the
 * replayed posts already put there (the author's own message) or a re-run is `skipped`; one of a
 * conversation or participant the target does not have (KV crash leftovers) is `refused`.
 */
export async function importReadState(
  repository: Repository,
  state: Pick<ReadState, 'conversationId' | 'userId' | 'lastReadMessageId' | 'readAt'>,
): Promise<ImportOutcome> {
  if (state.lastReadMessageId === null || state.readAt === null) return 'skipped';
  try {
    const { moved } = await repository.markRead(
      state.conversationId,
      state.userId,
      state.lastReadMessageId,
      state.readAt,
    );
    return moved ? 'written' : 'skipped';
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof ConflictError) return 'refused';
    throw error;
  }
}
