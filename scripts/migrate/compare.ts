import type { Conversation } from '../../src/domain/model.js';

/** Deep equality of plain records, ignoring key order and treating an `undefined` field as absent. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameValue(item, other[i]));
  }
  const defined = (o: object) => Object.entries(o).filter(([, v]) => v !== undefined);
  const ea = defined(a);
  const eb = new Map(defined(b));
  return ea.length === eb.size && ea.every(([k, v]) => eb.has(k) && sameValue(v, eb.get(k)));
}

/**
 * A stored conversation is "the same" as the migrated one when everything but its activity matches:
 * `lastActivityAt`/`lastMessageId` move with messages (Parley's since the cut-over, or the messages
 * this run is about to post), and `--verify` checks them against the migrated messages instead.
 */
export function sameConversation(ours: Conversation, stored: Conversation): boolean {
  const { lastActivityAt: _a, lastMessageId: _b, ...mine } = ours;
  const { lastActivityAt: _c, lastMessageId: _d, ...theirs } = stored;
  return sameValue(mine, theirs);
}
