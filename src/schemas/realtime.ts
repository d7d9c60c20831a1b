import * as v from 'valibot';
import { TimestampSchema } from './common.js';
import { once } from './once.js';

export const RealtimeTicketSchema = once(() =>
  v.object({
    url: v.pipe(
      v.string(),
      v.description('Open a WebSocket to this URL within 60 s; it carries a single-use ticket, never your token.'),
    ),
    expiresAt: TimestampSchema(),
  }),
);
