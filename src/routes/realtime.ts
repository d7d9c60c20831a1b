import { HttpProblem } from '../http/problem.js';
import { jsonReply } from '../http/reply.js';
import { TICKET_SECONDS } from '../realtime/limits.js';
import { issueTicket } from '../realtime/ticket.js';
import { RealtimeTicketSchema } from '../schemas/realtime.js';
import { defineOperation } from './operation.js';

/** Where a ticket's WebSocket is opened: `REALTIME_URL`, else this origin's `/v1/realtime/connect`. */
export const CONNECT_PATH = '/v1/realtime/connect';

function connectUrl(configured: string | undefined, requestUrl: string, ticket: string): string {
  const url = new URL(configured ?? CONNECT_PATH, requestUrl);
  if (!configured) url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('ticket', ticket);
  return url.toString();
}

export const createRealtimeTicket = defineOperation(
  {
    operationId: 'createRealtimeTicket',
    route: 'POST /v1/realtime/tickets',
    summary: 'Get a single-use ticket for the real-time event stream',
    description: `Valid ${TICKET_SECONDS} s, never past the token; opens one WebSocket with the events of all the caller's conversations (docs/realtime.md). 404 where no connections are held (Lambda@Edge).`,
    responses: { 201: { description: 'The ticket, inside the URL to connect to.', schema: RealtimeTicketSchema } },
    problems: ['not-found'],
    tag: 'realtime',
  },
  async ({ services, caller, tokenExpiresAt, url }) => {
    if (!services.realtime) throw new HttpProblem('not-found', 'This deployment holds no real-time connections.');
    const { ticket, expiresAt } = await issueTicket(services.cursors, caller, tokenExpiresAt, services.now().getTime());
    return jsonReply(201, {
      url: connectUrl(services.config.realtimeUrl, url, ticket),
      expiresAt: new Date(expiresAt).toISOString(),
    });
  },
);
