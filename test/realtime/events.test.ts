import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../../src/domain/model.js';
import { conversationEvents, messageEvents, typingEvent } from '../../src/realtime/events.js';
import { RealtimeEventSchema } from '../../src/schemas/realtime-event.js';
import { REALTIME } from '../../src/realtime/limits.js';

const conversation: Conversation = {
  id: '01HZY0000000000000000000C1',
  title: 't',
  createdBy: 'a',
  participantIds: ['a', 'b'],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  lastActivityAt: '2026-01-01T00:00:00.000Z',
  lastMessageId: null,
  version: 1,
} as Conversation;
const message: Message = {
  id: '01HZY0000000000000000000M1',
  conversationId: conversation.id,
  authorId: 'a',
  body: 'hi',
  attachments: [],
  createdAt: '2026-01-01T00:00:01.000Z',
  editedAt: null,
  deletedAt: null,
  version: 1,
};

describe('event derivation', () => {
  it('a new message is message.created to every participant, with its representation', () => {
    const [delivery, ...rest] = messageEvents(null, message, ['a', 'b']);
    expect(rest).toEqual([]);
    expect(delivery?.recipients).toEqual(['a', 'b']);
    expect(delivery?.event).toEqual({
      type: 'message.created',
      conversationId: conversation.id,
      id: message.id,
      version: 1,
      at: message.createdAt,
      data: message,
    });
    expect(v.is(RealtimeEventSchema(), delivery?.event)).toBe(true);
  });

  it('an edit is message.updated, a tombstone message.deleted without data, a rewrite of the same version nothing', () => {
    const edited = { ...message, body: 'hey', editedAt: '2026-01-01T00:00:02.000Z', version: 2 };
    expect(messageEvents(message, edited, ['a'])[0]?.event).toMatchObject({ type: 'message.updated', version: 2 });
    const deleted = { ...edited, body: '', deletedAt: '2026-01-01T00:00:03.000Z', version: 3 };
    const gone = messageEvents(edited, deleted, ['a'])[0]?.event;
    expect(gone).toMatchObject({ type: 'message.deleted', at: deleted.deletedAt });
    expect(gone).not.toHaveProperty('data');
    expect(messageEvents(message, message, ['a'])).toEqual([]);
  });

  it('leaves large representations out of data', () => {
    const big = { ...message, body: 'x'.repeat(REALTIME.dataBytes) };
    expect(messageEvents(null, big, ['a'])[0]?.event).not.toHaveProperty('data');
  });

  it('participant changes: added to everyone, removed also to the removed user', () => {
    const next = { ...conversation, participantIds: ['a', 'c'], version: 2 };
    const deliveries = conversationEvents(conversation, next);
    expect(deliveries.map((d) => [d.event.type, d.event.id, d.recipients])).toEqual([
      ['conversation.updated', conversation.id, ['a', 'c']],
      ['participant.added', 'c', ['a', 'c']],
      ['participant.removed', 'b', ['a', 'c', 'b']],
    ]);
    expect(conversationEvents(null, conversation).map((d) => d.event.type)).toEqual(['conversation.updated']);
  });

  it('typing goes to the other participants only', () => {
    expect(typingEvent(conversation.id, 'a', 'now', ['a', 'b']).recipients).toEqual(['b']);
  });
});
