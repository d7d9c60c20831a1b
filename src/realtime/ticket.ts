import { type CursorSigner, createCursorSigner } from '../http/cursor.js';
import { TICKET_SECONDS } from './limits.js';

/** What a ticket grants: one connection for `userId`, until the token it was issued for expires. */
export interface TicketClaims {
  userId: string;
  /** Single use: the connection store remembers it until `expiresAt`. */
  nonce: string;
  /** Epoch ms after which the ticket is refused. */
  expiresAt: number;
  /** Epoch ms at which the bearer token behind the ticket expires: the connection is closed then. */
  tokenExpiresAt: number;
}

/** Why a ticket was refused; the handshake answers 401 with this reason. */
export class TicketError extends Error {
  override readonly name = 'TicketError';
  constructor(readonly reason: 'malformed' | 'forged' | 'expired' | 'used' | 'other-user') {
    super(`The ticket is ${reason === 'other-user' ? "another user's" : reason}.`);
  }
}

// The cursor signer's HMAC, scoped to a route no operation has: a cursor never opens as a ticket.
const SCOPE = { route: 'realtime.ticket', caller: '' };

/**
 * Tickets are HMAC-signed (the cursor key, under a scope of their own) and opaque to clients.
 * Valid for `TICKET_SECONDS`, never past the token they were issued for. Issuing and
 * opening are separate functions: the API Worker's bundle carries only `issueTicket`.
 */
export async function issueTicket(
  signer: CursorSigner,
  userId: string,
  tokenExpiresAt: number,
  now: number,
): Promise<{ ticket: string; expiresAt: number }> {
  const expiresAt = Math.min(now + TICKET_SECONDS * 1000, tokenExpiresAt);
  const native = JSON.stringify([userId, crypto.randomUUID(), expiresAt, tokenExpiresAt]);
  return { ticket: await signer.seal(native, SCOPE), expiresAt };
}

/** The ticket's claims, or `TicketError` (single use is the connection store's to check). */
export async function openTicket(
  signer: CursorSigner,
  ticket: string,
  now: number,
  userId?: string,
): Promise<TicketClaims> {
  let native: string;
  try {
    native = await signer.open(ticket, SCOPE);
  } catch {
    throw new TicketError(ticket.length === 0 ? 'malformed' : 'forged');
  }
  const [id, nonce, expiresAt, tokenExpiresAt] = JSON.parse(native) as [string, string, number, number];
  if (expiresAt < now) throw new TicketError('expired');
  if (userId !== undefined && id !== userId) throw new TicketError('other-user');
  return { userId: id, nonce, expiresAt, tokenExpiresAt };
}

/** Opens tickets signed with `cursorSecret`: where connections are accepted. */
export function ticketOpener(cursorSecret: string) {
  const signer = createCursorSigner(cursorSecret);
  return { open: (ticket: string, now: number, userId?: string) => openTicket(signer, ticket, now, userId) };
}

export type TicketOpener = ReturnType<typeof ticketOpener>;

/**
 * Remembers used nonces until their ticket expires, so a ticket opens one connection only. Held
 * where connections are accepted: the Node process, the user's Durable Object, the AWS connections table.
 */
export function createNonceStore(now: () => number = Date.now) {
  const used = new Map<string, number>();
  return {
    /** True the first time a nonce is seen; false ever after (until its ticket could no longer open). */
    claim(nonce: string, expiresAt: number): boolean {
      const t = now();
      for (const [key, until] of used) if (until < t) used.delete(key);
      if (used.has(nonce)) return false;
      used.set(nonce, expiresAt);
      return true;
    },
  };
}
