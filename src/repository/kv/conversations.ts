import type { Conversation } from '../../domain/model.js';
import { ConflictError } from '../errors.js';
import type { ConversationPage, IdempotencyCompletion, PageRequest } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { bestEffort, type KvContext } from './context.js';
import { checkClaim, recordCompletion } from './idempotency.js';
import { conversationKey, invertTime, membershipKey, membershipPrefix, parseMembershipKey, readKey } from './keys.js';
import { readStatesOf, writeHorizon } from './read-states.js';

const indexAll = (context: KvContext, userIds: string[], conversation: Conversation) =>
  Promise.all(
    userIds.map((userId) => context.kv.write(membershipKey(userId, conversation.lastActivityAt, conversation.id), '')),
  );

/**
 * Order: index entries, then the record, then the completion. Index entries without a record are
 * invisible (listing checks every entry against the record), so a crash before the record leaves
 * only garbage; a failed completion takes the record back out so the request can be retried.
 */
export async function createConversation(
  context: KvContext,
  conversation: Conversation,
  completion: IdempotencyCompletion | undefined,
): Promise<void> {
  const { kv } = context;
  const [stored] = await Promise.all([kv.read(conversationKey(conversation.id)), checkClaim(context, completion)]);
  if (stored) throw new ConflictError(`conversation ${conversation.id} already exists`, 'exists');
  await indexAll(context, conversation.participantIds, conversation);
  await kv.write(conversationKey(conversation.id), conversation);
  if (!completion) return;
  try {
    await recordCompletion(context, completion);
  } catch (error) {
    await bestEffort(context, 'undo conversation', () => kv.remove(conversationKey(conversation.id)));
    throw error;
  }
}

/**
 * Order: index entries of added participants, the record, the completion, then removal of the
 * index entries of removed participants (left-over entries are ignored by listing, which checks
 * membership in the record). Activity stays as stored: it belongs to `postMessage`.
 */
export function getConversation({ kv }: KvContext, id: string): Promise<Conversation | null> {
  return kv.read<Conversation>(conversationKey(id));
}

export async function updateConversation(
  context: KvContext,
  next: Conversation,
  expectedVersion: number,
  completion: IdempotencyCompletion | undefined,
): Promise<void> {
  const { kv } = context;
  const [stored] = await Promise.all([
    kv.read<Conversation>(conversationKey(next.id)),
    checkClaim(context, completion),
  ]);
  checkExpected(`conversation ${next.id}`, stored, expectedVersion);
  if (!stored) return; // unreachable: checkExpected threw
  const record = { ...next, lastActivityAt: stored.lastActivityAt, lastMessageId: stored.lastMessageId };
  const added = next.participantIds.filter((id) => !stored.participantIds.includes(id));
  const removed = stored.participantIds.filter((id) => !next.participantIds.includes(id));
  await indexAll(context, added, record);
  // One added later starts at the last message (history is not unread); a returning one afresh.
  await Promise.all(
    added.map((userId) =>
      writeHorizon(context, next.id, userId, stored.lastMessageId, stored.lastMessageId && next.updatedAt),
    ),
  );
  await kv.write(conversationKey(next.id), record);
  if (completion) {
    try {
      await recordCompletion(context, completion);
    } catch (error) {
      await bestEffort(context, 'undo conversation update', () => kv.write(conversationKey(next.id), stored));
      throw error;
    }
  }
  for (const userId of removed) {
    await bestEffort(context, 'unindex removed participant', () =>
      Promise.all([
        kv.remove(membershipKey(userId, stored.lastActivityAt, next.id)),
        kv.remove(readKey(next.id, userId)),
      ]),
    );
  }
}

/**
 * One `list` of the user's index (most recent first by construction), then one read per entry.
 * An entry counts only if the record names the user and was filed under the record's current
 * activity, which hides what a crash or a superseded bump left behind; a page may then be short.
 * Then per item the user's horizon and, only where a message is after it, one list to count
 * (`read-states.ts`): 1 + 2n operations for a read-up page of n, at most 1 + 3n.
 */
export async function listConversations(
  context: KvContext,
  userId: string,
  page: PageRequest,
): Promise<ConversationPage> {
  const listed = await context.kv.list(membershipPrefix(userId), page.limit, page.cursor);
  const entries = listed.keys.map((key) => parseMembershipKey(key.name));
  const records = await Promise.all(
    entries.map((entry) => context.kv.read<Conversation>(conversationKey(entry.conversationId))),
  );
  const items = records.filter(
    (record, i): record is Conversation =>
      record?.participantIds.includes(userId) === true && invertTime(record.lastActivityAt) === entries[i]?.activity,
  );
  return { items, cursor: listed.cursor, readStates: await readStatesOf(context, items, userId) };
}
