import type { Conversation, Message } from '../domain/model.js';
import { conversationView, messageView } from '../http/representations.js';
import { REALTIME } from './limits.js';

export const EVENT_TYPES = [
  'message.created',
  'message.updated',
  'message.deleted',
  'conversation.updated',
  'participant.added',
  'participant.removed',
  'read.updated',
  'typing',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/**
 * A server → client event, as sent in a JSON text frame; the one shape on every target
 * (`RealtimeEventSchema` in src/schemas/realtime-event.ts validates and documents it).
 */
export interface RealtimeEvent {
  type: EventType;
  conversationId: string;
  /** The message's id for `message.*`, the participant's for `participant.*`, `read.updated` and `typing`, else the conversation's. */
  id: string;
  /** The record's version after the change, where it has one. */
  version?: number;
  /** When the change happened (ISO-8601 UTC). */
  at: string;
  /** The representation, when it is small (`REALTIME.dataBytes`); otherwise fetch it by REST. */
  data?: unknown;
}

/** An event and the users it goes to: the conversation's participants (and, for a removal, the removed user). */
export interface Delivery {
  event: RealtimeEvent;
  recipients: readonly string[];
}

/** Only small representations ride along; a client fetches a large one by REST. */
function small(view: unknown): unknown {
  return JSON.stringify(view).length <= REALTIME.dataBytes ? view : undefined;
}

function event(fields: RealtimeEvent): RealtimeEvent {
  if (fields.data === undefined) delete fields.data;
  return fields;
}

/**
 * The events a message write produced: `before` is the stored message it replaced (`null` for a
 * new one), `after` what was written, `participants` the conversation's participants at the write.
 * The same function serves every target: a repository decorator (Node), the conversation's object
 * (Workers), a DynamoDB Streams record's old and new images (AWS).
 */
export function messageEvents(before: Message | null, after: Message, participants: readonly string[]): Delivery[] {
  const type: EventType =
    before === null ? 'message.created' : after.deletedAt !== null ? 'message.deleted' : 'message.updated';
  if (before !== null && before.version === after.version) return [];
  const at = after.deletedAt ?? after.editedAt ?? after.createdAt;
  const data = type === 'message.deleted' ? undefined : small(messageView(after));
  const shape = { type, conversationId: after.conversationId, id: after.id, version: after.version, at, data };
  return [{ event: event(shape), recipients: participants }];
}

/**
 * The events a conversation write produced: `conversation.updated` for every change (new, renamed,
 * participants changed), plus one `participant.added`/`participant.removed` per participant. A
 * removed participant hears of their own removal and of nothing after it.
 */
export function conversationEvents(before: Conversation | null, after: Conversation): Delivery[] {
  if (before !== null && before.version === after.version) return [];
  const at = after.updatedAt;
  const conversationId = after.id;
  const recipients = after.participantIds;
  const old = new Set(before?.participantIds ?? []);
  const now = new Set(after.participantIds);
  const added = before === null ? [] : after.participantIds.filter((id) => !old.has(id));
  const removed = [...old].filter((id) => !now.has(id));
  const updated = event({
    type: 'conversation.updated',
    conversationId,
    id: conversationId,
    version: after.version,
    at,
    data: small(conversationView(after)),
  });
  const deliveries: Delivery[] = [{ event: updated, recipients }];
  for (const id of added) {
    deliveries.push({
      event: { type: 'participant.added', conversationId, id, version: after.version, at },
      recipients,
    });
  }
  for (const id of removed) {
    deliveries.push({
      event: { type: 'participant.removed', conversationId, id, version: after.version, at },
      recipients: [...recipients, id],
    });
  }
  return deliveries;
}

/**
 * Read state (`read.updated`): one event to every participant of the
 * conversation, so a user's other sessions and the other participants see the marker move.
 */
export function readEvent(
  conversationId: string,
  userId: string,
  at: string,
  participants: readonly string[],
  data?: unknown,
): Delivery {
  return { event: event({ type: 'read.updated', conversationId, id: userId, at, data }), recipients: participants };
}

/** A typing notice: relayed to the other participants only, never stored. */
export function typingEvent(
  conversationId: string,
  userId: string,
  at: string,
  participants: readonly string[],
): Delivery {
  return {
    event: { type: 'typing', conversationId, id: userId, at },
    recipients: participants.filter((id) => id !== userId),
  };
}
