import type { Message } from '../../domain/model.js';
import { StoreRequestError } from '../errors.js';

/**
 * The KV key layout (documented in docs/storage-kv.md). Ids are URI-encoded inside keys so an id
 * containing `:` cannot reach into another id's prefix. KV lists keys in ascending byte order
 * only, so the two indexes that must list newest first store *inverted* sort values.
 *
 *   user:<userId>                                                → User
 *   handle:<lower-cased handle>                                  → user id
 *   conv:<conversationId>                                        → Conversation
 *   conv-by-user:<userId>:<inverted lastActivityAt>:<inverted conversationId> → "" (index entry)
 *   msg:<conversationId>:<inverted messageId>                    → Message (as metadata too when small, else its author)
 *   read:<conversationId>:<userId>                               → a participant's read horizon
 *   att:<conversationId>:<attachmentId>                         → Attachment, expiring at its expiresAt
 *   idem:<idempotency key>                                       → in-progress claim, with a TTL
 *   idem-done:<idempotency key>                                  → completed outcome, with a TTL
 */
const part = (id: string) => encodeURIComponent(id);

export const userKey = (id: string) => `user:${part(id)}`;
export const handleRecordKey = (handle: string) => `handle:${part(handle)}`;
export const conversationKey = (id: string) => `conv:${part(id)}`;
export const idempotencyClaimKey = (key: string) => `idem:${part(key)}`;
export const idempotencyOutcomeKey = (key: string) => `idem-done:${part(key)}`;

export const membershipPrefix = (userId: string) => `conv-by-user:${part(userId)}:`;
export const membershipKey = (userId: string, lastActivityAt: string, conversationId: string) =>
  `${membershipPrefix(userId)}${invertTime(lastActivityAt)}:${invertId(conversationId)}`;

/** Splits a membership key back into the activity stamp it was filed under and the conversation id. */
export function parseMembershipKey(key: string): { activity: string; conversationId: string } {
  const [activity = '', inverted = ''] = key.split(':').slice(-2);
  return { activity, conversationId: invertId(inverted) };
}

export const messagePrefix = (conversationId: string) => `msg:${part(conversationId)}:`;
export const messageKey = (conversationId: string, messageId: string) =>
  `${messagePrefix(conversationId)}${invertId(messageId)}`;
export const messageIdOf = (key: string) => invertId(key.slice(key.lastIndexOf(':') + 1));

/** A message key's metadata: the message itself when it fits, else its author (none: written before that). */
export type MessageMetadata = Message | { authorId: string };

/** The record a listed key carries in its metadata, if it is a whole one (records have an `id`). */
export const listedRecord = <T>(key: { metadata?: unknown }): T | null =>
  typeof key.metadata === 'object' && key.metadata !== null && 'id' in key.metadata ? (key.metadata as T) : null;

// Largest epoch-ms with 13 digits (year 2286): activity stamps count down from it.
const TIME_CEILING = 9_999_999_999_999;

export function invertTime(iso: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new StoreRequestError(`not a timestamp: ${iso}`);
  return String(TIME_CEILING - ms).padStart(13, '0');
}

// Every character ULIDs and UUIDs use, in ASCII order; mirroring a character through it reverses
// the order of equal-length ids. Ids are fixed-width ULIDs, so equal length holds.
const ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

/** Its own inverse: `invertId(invertId(id)) === id`. */
export function invertId(id: string): string {
  let out = '';
  for (const char of id) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) throw new StoreRequestError(`id ${id} has a character KV ordering does not support`);
    out += ALPHABET[ALPHABET.length - 1 - index];
  }
  return out;
}

export const readKey = (conversationId: string, userId: string) => `read:${part(conversationId)}:${part(userId)}`;
/** The (conversation, participant) a horizon key belongs to. */
export function parseReadKey(key: string): { conversationId: string; userId: string } {
  const [, conversationId = '', userId = ''] = key.split(':');
  return { conversationId: decodeURIComponent(conversationId), userId: decodeURIComponent(userId) };
}

/** `att:<conversationId>:<attachmentId>` → Attachment, with the record's TTL while it has one. */
export const attachmentKey = (conversationId: string, attachmentId: string) =>
  `att:${part(conversationId)}:${part(attachmentId)}`;
