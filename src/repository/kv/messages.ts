import type { Conversation, Message } from '../../domain/model.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { IdempotencyCompletion, MessagePageRequest, Page } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { bestEffort, type KvContext } from './context.js';
import { checkClaim, recordCompletion } from './idempotency.js';
import { conversationKey, membershipKey, messageIdOf, messageKey, messagePrefix } from './keys.js';

// KV caps metadata at 1024 bytes; a message that fits is listed without a read per item.
const METADATA_LIMIT = 1000;
const encoder = new TextEncoder();

function writeMessage(context: KvContext, message: Message): Promise<void> {
  const fits = encoder.encode(JSON.stringify(message)).length <= METADATA_LIMIT;
  return context.kv.write(messageKey(message.conversationId, message.id), message, fits ? { metadata: message } : {});
}

/**
 * Order: the message, its completion, every participant's new index entry, the conversation's
 * activity, then removal of the superseded index entries. Once the message and its completion are
 * stored the message is posted: a failure in the later steps only delays the activity bump (until
 * the next message) and is logged, never half-reported as "nothing written". See docs/storage-kv.md.
 */
export async function postMessage(
  context: KvContext,
  message: Message,
  completion: IdempotencyCompletion | undefined,
): Promise<Conversation> {
  const { kv } = context;
  // The fence (best effort) is read with the rest: a stale claimant is refused before any write.
  const [conversation, existing] = await Promise.all([
    kv.read<Conversation>(conversationKey(message.conversationId)),
    kv.read<Message>(messageKey(message.conversationId, message.id)),
    checkClaim(context, completion),
  ]);
  if (!conversation) throw new NotFoundError(`conversation ${message.conversationId} not found`);
  if (!conversation.participantIds.includes(message.authorId)) {
    throw new ConflictError(`${message.authorId} is not a participant`, 'not_participant');
  }
  if (existing) throw new ConflictError(`message ${message.id} already exists`, 'exists');
  await writeMessage(context, message);
  if (completion) {
    try {
      await recordCompletion(context, completion);
    } catch (error) {
      await bestEffort(context, 'undo message', () => kv.remove(messageKey(message.conversationId, message.id)));
      throw error;
    }
  }
  // Ids are time-sortable: only a newer message moves the activity forward.
  if (conversation.lastMessageId !== null && message.id <= conversation.lastMessageId) return conversation;
  const bumped = { ...conversation, lastActivityAt: message.createdAt, lastMessageId: message.id };
  await bestEffort(context, 'bump conversation activity', async () => {
    await Promise.all(
      bumped.participantIds.map((userId) => kv.write(membershipKey(userId, bumped.lastActivityAt, bumped.id), '')),
    );
    await kv.write(conversationKey(bumped.id), bumped);
    if (conversation.lastActivityAt === bumped.lastActivityAt) return;
    await Promise.all(
      conversation.participantIds.map((userId) =>
        kv.remove(membershipKey(userId, conversation.lastActivityAt, conversation.id)),
      ),
    );
  });
  return bumped;
}

export function getMessage({ kv }: KvContext, conversationId: string, messageId: string): Promise<Message | null> {
  return kv.read<Message>(messageKey(conversationId, messageId));
}

export async function updateMessage(context: KvContext, next: Message, expectedVersion: number): Promise<void> {
  const stored = await context.kv.read<Message>(messageKey(next.conversationId, next.id));
  checkExpected(`message ${next.id}`, stored, expectedVersion);
  await writeMessage(context, next);
}

/**
 * One `list` of the conversation's timeline, newest first by construction; messages come from the
 * list's metadata, or one read each when they were too large for it. With `after`, the listing
 * stops at the first message that is not newer, and that page is the last.
 */
export async function listMessages(
  context: KvContext,
  conversationId: string,
  page: MessagePageRequest,
): Promise<Page<Message>> {
  const listed = await context.kv.list<Message>(messagePrefix(conversationId), page.limit, page.cursor);
  const newer = listed.keys.filter((key) => page.after === undefined || messageIdOf(key.name) > page.after);
  const items = await Promise.all(newer.map(async (key) => key.metadata ?? (await context.kv.read<Message>(key.name))));
  const reachedAfter = newer.length < listed.keys.length;
  return {
    items: items.filter((m): m is Message => m !== null),
    cursor: reachedAfter ? null : listed.cursor,
  };
}
