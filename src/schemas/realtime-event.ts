import * as v from 'valibot';
import { EVENT_TYPES } from '../realtime/events.js';
import { once } from './once.js';

/** A server → client real-time event (docs/realtime.md); kept out of the Worker bundles, which only build events. */
export const RealtimeEventSchema = once(() =>
  v.strictObject({
    type: v.picklist(EVENT_TYPES),
    conversationId: v.string(),
    id: v.string(),
    version: v.optional(v.number()),
    at: v.string(),
    data: v.optional(v.unknown()),
  }),
);
