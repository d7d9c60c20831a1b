import type { CursorSigner } from '../http/cursor.js';
import { REALTIME } from './limits.js';

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
 * Valid for `REALTIME.ticketSeconds`, never past the token they were issued for.
 */
export function createTicketIssuer(signer: CursorSigner) {
  return {
    async issue(
      userId: string,
      tokenExpiresAt: number,
      now: number,
    ): Promise<{ ticket: string; claims: TicketClaims }> {
      const claims: TicketClaims = {
        userId,
        nonce: crypto.randomUUID(),
        expiresAt: Math.min(now + REALTIME.ticketSeconds * 1000, tokenExpiresAt),
        tokenExpiresAt,
      };
      const native = JSON.stringify([claims.userId, claims.nonce, claims.expiresAt, claims.tokenExpiresAt]);
      return { ticket: await signer.seal(native, SCOPE), claims };
    },
    /** The ticket's claims, or `TicketError` (single use is the connection store's to check). */
    async open(ticket: string, now: number, userId?: string): Promise<TicketClaims> {
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
    },
  };
}

export type TicketIssuer = ReturnType<typeof createTicketIssuer>;

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
