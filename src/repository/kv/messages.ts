import type { Conversation, Message } from '../../domain/model.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { IdempotencyCompletion, MessagePageRequest, Page } from '../port.js';
import { checkExpected } from '../preconditions.js';
import { bestEffort, type KvContext } from './context.js';
import type { KvListKey } from './namespace.js';
import { checkClaim, recordCompletion } from './idempotency.js';
import {
  conversationKey,
  listedRecord,
  membershipKey,
  messageIdOf,
  messageKey,
  messagePrefix,
  type MessageMetadata,
} from './keys.js';
import { isRead, readHorizon, writeHorizon } from './read-states.js';

// KV caps metadata at 1024 bytes; a message that fits is listed without a read per item, a larger
// one carries its author there (unread counts list messages and must not read each).
const METADATA_LIMIT = 1000;
const encoder = new TextEncoder();

function writeMessage(context: KvContext, message: Message): Promise<void> {
  const fits = encoder.encode(JSON.stringify(message)).length <= METADATA_LIMIT;
  const metadata: MessageMetadata = fits ? message : { authorId: message.authorId };
  return context.kv.write(messageKey(message.conversationId, message.id), message, { metadata });
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
  const [conversation, existing, authorRead] = await Promise.all([
    kv.read<Conversation>(conversationKey(message.conversationId)),
    kv.read<Message>(messageKey(message.conversationId, message.id)),
    readHorizon(context, message.conversationId, message.authorId),
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
  // Sending implies having read what came before (best effort, like the activity bump).
  if (!isRead(authorRead, message.id)) {
    await bestEffort(context, "move the author's read horizon", () =>
      writeHorizon(context, message.conversationId, message.authorId, message.id, message.createdAt),
    );
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
  if (page.after !== undefined) return listForward(context, conversationId, page.cursor ?? page.after, page.limit);
  const listed = await context.kv.list<MessageMetadata>(messagePrefix(conversationId), page.limit, page.cursor);
  const items = await Promise.all(listed.keys.map((key) => messageOf(context, key)));
  return { items: items.filter((m): m is Message => m !== null), cursor: listed.cursor };
}

/**
 * Messages after `start`, oldest first. KV lists keys in one order only (newest first here) and
 * cannot start at a key, so this lists every key newer than `start` (1,000 per list call) and
 * returns the oldest `limit`; the next page starts after the last one returned (its id is the
 * cursor). A client catching up on n messages costs about n / 1,000 list calls per page.
 */
async function listForward(context: KvContext, conversationId: string, start: string, limit: number) {
  const newer: KvListKey<MessageMetadata>[] = [];
  let cursor: string | undefined;
  for (;;) {
    const listed = await context.kv.list<MessageMetadata>(messagePrefix(conversationId), KV_LIST_MAX, cursor);
    const keys = listed.keys.filter((key) => messageIdOf(key.name) > start);
    newer.push(...keys);
    if (keys.length < listed.keys.length || listed.cursor === null) break;
    cursor = listed.cursor;
  }
  const oldest = newer.reverse().slice(0, limit);
  const items = (await Promise.all(oldest.map((key) => messageOf(context, key)))).filter(
    (m): m is Message => m !== null,
  );
  return { items, cursor: newer.length > limit ? (items.at(-1)?.id ?? null) : null };
}

/** KV's largest page of keys. */
const KV_LIST_MAX = 1000;

const messageOf = async (context: KvContext, key: KvListKey<MessageMetadata>) =>
  listedRecord(key) ?? (await context.kv.read<Message>(key.name));
