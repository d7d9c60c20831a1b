import type { Message } from '../../../src/domain/model.js';
import { monotonicUlidFactory } from '../../../src/domain/ulid.js';
import type { Repository } from '../../../src/repository/port.js';

/** The HS256 secret every variant verifies with (Parley's `AUTH_HS256_SECRET` in the benchmarks). */
export const PEER_SECRET = 'bench-secret-bench-secret-bench-secret';

/** A message as every variant answers it (Parley's `messageView` fields). */
export interface MessageWire {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  attachments: Message['attachments'];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  version: number;
}

const view = (m: Message): MessageWire => ({
  id: m.id,
  conversationId: m.conversationId,
  authorId: m.authorId,
  body: m.body,
  attachments: m.attachments,
  createdAt: m.createdAt,
  editedAt: m.editedAt,
  deletedAt: m.deletedAt,
  version: m.version,
});

/**
 * The data access every peer uses, over the same `Repository` Parley's routes call, with the same
 * calls per request (list: the conversation, then one page; post: one `postMessage`), so the
 * comparison is of the frameworks, not of the stores. `null` means "no such conversation for you"
 * (a 404 in every variant). Peers' cursors are the backend's own, unsigned (Parley seals its cursors).
 */
export interface MessageStore {
  list(
    conversationId: string,
    caller: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: MessageWire[]; nextCursor: string | null } | null>;
  /** Messages without attachments (the benchmark posts none; resolving attachment ids is Parley's media work). */
  post(conversationId: string, caller: string, body: string): Promise<MessageWire | null>;
}

export function messageStore(repository: Repository): MessageStore {
  const ulid = monotonicUlidFactory();
  return {
    async list(conversationId, caller, limit, cursor) {
      const conversation = await repository.getConversation(conversationId);
      if (!conversation?.participantIds.includes(caller)) return null;
      const page = await repository.listMessages(conversationId, { limit, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(view), nextCursor: page.cursor };
    },
    async post(conversationId, caller, body) {
      const now = new Date();
      const message: Message = {
        id: ulid(now.getTime()),
        conversationId,
        authorId: caller,
        body,
        attachments: [],
        createdAt: now.toISOString(),
        editedAt: null,
        deletedAt: null,
        version: 1,
      };
      try {
        await repository.postMessage(message);
      } catch (error) {
        const name = (error as Error).name;
        if (name === 'NotFoundError' || name === 'ConflictError') return null;
        throw error;
      }
      return view(message);
    },
  };
}

/** The `sub` of a verified token, or null (a 401): hono/jwt checks signature, `exp`, `nbf`; `sub` is the app's rule. */
export const callerOf = (payload: { sub?: unknown }): string | null =>
  typeof payload.sub === 'string' && payload.sub.length > 0 ? payload.sub : null;

/** `/health` of every peer: the same JSON as Parley's and the floors'. */
export { FLOOR_HEALTH as PEER_HEALTH } from '../floors/health.js';
