import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { changeEvents } from '../../src/realtime/changes.js';
import { RealtimeEventSchema } from '../../src/schemas/realtime-event.js';

// The change a conversation's Durable Object hands its participants' socket objects when a horizon
// moved (`markRead`), and the one event each of them derives from it.
describe('read change → read.updated', () => {
  const read = {
    conversationId: '01HZY0000000000000000000C1',
    userId: 'b',
    lastReadMessageId: '01HZY0000000000000000000M1',
    readAt: '2026-01-01T00:00:05.000Z',
  };

  it('is one read.updated to every participant (the reader too), carrying the horizon without any unread count', () => {
    const deliveries = changeEvents({ read, participants: ['a', 'b', 'c'] });
    expect(deliveries).toEqual([
      {
        event: { type: 'read.updated', conversationId: read.conversationId, id: 'b', at: read.readAt, data: read },
        recipients: ['a', 'b', 'c'],
      },
    ]);
    expect(deliveries[0]?.event.data).not.toHaveProperty('unreadCount');
    expect(v.is(RealtimeEventSchema(), deliveries[0]?.event)).toBe(true);
  });
});
