import { createCursorSigner } from '../http/cursor.js';
import { HttpProblem } from '../http/problem.js';
import { jsonReply } from '../http/reply.js';
import { REALTIME } from '../realtime/limits.js';
import { createTicketIssuer } from '../realtime/ticket.js';
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
    description: `The ticket is valid for ${REALTIME.ticketSeconds} s (never past the bearer token) and opens one WebSocket carrying the events of all of the caller's conversations. The connection closes with code 4001 when the token expires. docs/realtime.md describes the events, the close codes and the limits. Deployments without connections (Lambda@Edge) answer 404.`,
    responses: { 201: { description: 'The ticket, inside the URL to connect to.', schema: RealtimeTicketSchema } },
    problems: ['not-found'],
    tag: 'realtime',
  },
  async ({ services, caller, tokenExpiresAt, url }) => {
    if (!services.realtime) throw new HttpProblem('not-found', 'This deployment holds no real-time connections.');
    const issuer = createTicketIssuer(services.cursors);
    const { ticket, claims } = await issuer.issue(caller, tokenExpiresAt, services.now().getTime());
    return jsonReply(201, {
      url: connectUrl(services.config.realtimeUrl, url, ticket),
      expiresAt: new Date(claims.expiresAt).toISOString(),
    });
  },
);

/** The issuer the accepting side opens tickets with: the same key as the API's cursors. */
export const realtimeTickets = (cursorSecret: string) => createTicketIssuer(createCursorSigner(cursorSecret));
