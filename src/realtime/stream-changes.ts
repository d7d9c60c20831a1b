import { type ParticipantRead, participantRead } from '../domain/read-state.js';
import type { Conversation, Message } from '../domain/model.js';
import { readStateFromItem, recordFromItem, textAttribute } from '../repository/dynamodb/items.js';
import { MEMBER_SK_PREFIX, MESSAGE_PREFIX, USER_PK_PREFIX } from '../repository/dynamodb/keys.js';
import type { AttributeMap } from '../repository/dynamodb/protocol.js';
import type { Change } from './changes.js';

/**
 * A DynamoDB Streams record as Lambda hands it (`Records[]` of a `DynamoDBStreamEvent`) and as
 * `GetRecords` returns it, with the table's `NEW_AND_OLD_IMAGES` view.
 */
export interface StreamRecordLike {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  dynamodb?: { Keys?: AttributeMap; NewImage?: AttributeMap; OldImage?: AttributeMap };
}

/** What a record says happened, before the message's participants are looked up. */
export type StreamChange =
  | { conversation: Conversation; before: Conversation | null }
  | { message: Message; before: Message | null }
  | { read: ParticipantRead };

/**
 * The change a stream record carries, or `null` for items that are not conversations or messages
 * (profiles, idempotency records, connections) and for removals (TTL expiry). A membership item is
 * a change only when `markRead` moved its horizon: `readMessageId` changed while `activityKey` did
 * not (a post moves its author's horizon and the activity together; `message.created` says that).
 */
export function streamChange(record: StreamRecordLike): StreamChange | null {
  const keys = record.dynamodb?.Keys;
  const image = record.dynamodb?.NewImage;
  if (record.eventName === 'REMOVE' || !keys || !image) return null;
  const sk = keys.SK && 'S' in keys.SK ? keys.SK.S : undefined;
  const old = record.dynamodb?.OldImage;
  if (sk === 'CONV') {
    return {
      conversation: recordFromItem<Conversation>(image),
      before: old ? recordFromItem<Conversation>(old) : null,
    };
  }
  if (sk?.startsWith(MESSAGE_PREFIX)) {
    return { message: recordFromItem<Message>(image), before: old ? recordFromItem<Message>(old) : null };
  }
  if (sk?.startsWith(MEMBER_SK_PREFIX) && old) return readChange(keys, image, old);
  return null;
}

function readChange(keys: AttributeMap, image: AttributeMap, old: AttributeMap): StreamChange | null {
  const moved = textAttribute(image, 'readMessageId') !== textAttribute(old, 'readMessageId');
  const posted = textAttribute(image, 'activityKey') !== textAttribute(old, 'activityKey');
  if (!moved || posted) return null;
  const conversationId = (textAttribute(keys, 'SK') ?? '').slice(MEMBER_SK_PREFIX.length);
  const userId = (textAttribute(keys, 'PK') ?? '').slice(USER_PK_PREFIX.length);
  return { read: participantRead(readStateFromItem(conversationId, userId, image)) };
}

/** A message or read change needs the conversation's participants (one read); a conversation change has them. */
export async function withParticipants(
  change: StreamChange,
  participants: (conversationId: string) => Promise<readonly string[]>,
): Promise<Change> {
  if ('conversation' in change) return change;
  if ('read' in change) return { ...change, participants: await participants(change.read.conversationId) };
  return { ...change, participants: await participants(change.message.conversationId) };
}
