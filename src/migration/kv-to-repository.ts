import type { KvReader } from '../repository/kv/index.js';
import type { Repository } from '../repository/port.js';
import {
  finishConversation,
  type ImportCounts,
  type ImportOutcome,
  importConversation,
  importMessage,
  importReadState,
  importUser,
  noCounts,
} from './import.js';

/**
 * Where a KV → repository move stands, carried by the caller between steps (each step is one
 * bounded invocation: a Worker has 1,000 subrequests per request on Workers Paid, 50 on Free).
 * Phases in order: users (handles first), conversations, every conversation's messages, then the
 * participants' read horizons (after the messages, whose replay moves each author's own).
 */
export type MigrationState =
  | { phase: 'users' | 'conversations' | 'reads'; cursor: string | null }
  | { phase: 'messages'; cursor: string | null; conversationId: string | null; readded: string[] }
  | { phase: 'done' };

export const START: MigrationState = { phase: 'users', cursor: null };

export interface MigrationStep {
  state: MigrationState;
  users: ImportCounts;
  conversations: ImportCounts;
  messages: ImportCounts;
  reads: ImportCounts;
}

/**
 * One page (`limit` KV keys, each at most one read and one or two repository writes) of the move
 * from a KV deployment (`reader`) into `target`. Idempotent: running a step again, or the whole
 * move again, writes nothing twice. Writes that reach the KV deployment after its page was read
 * are not moved: stop writing (or re-run once traffic has moved) before switching backends.
 */
export async function migrateKvStep(
  reader: KvReader,
  target: Repository,
  state: MigrationState,
  limit: number,
): Promise<MigrationStep> {
  const step: MigrationStep = {
    state,
    users: noCounts(),
    conversations: noCounts(),
    messages: noCounts(),
    reads: noCounts(),
  };
  const count = (counts: ImportCounts, outcome: ImportOutcome) => {
    counts[outcome] += 1;
  };
  switch (state.phase) {
    case 'users': {
      const page = await reader.users({ limit, cursor: state.cursor });
      for (const user of page.records) count(step.users, await importUser(target, user));
      step.state = page.cursor ? { phase: 'users', cursor: page.cursor } : { phase: 'conversations', cursor: null };
      return step;
    }
    case 'conversations': {
      const page = await reader.conversations({ limit, cursor: state.cursor });
      for (const conversation of page.records)
        count(step.conversations, await importConversation(target, conversation));
      step.state = page.cursor
        ? { phase: 'conversations', cursor: page.cursor }
        : { phase: 'messages', cursor: null, conversationId: null, readded: [] };
      return step;
    }
    case 'messages': {
      const page = await reader.messages({ limit, cursor: state.cursor });
      let current = state.conversationId;
      let readded = new Set(state.readded);
      for (const message of page.records) {
        if (message.conversationId !== current) {
          if (current) await finishConversation(target, await reader.conversation(current), readded);
          current = message.conversationId;
          readded = new Set();
        }
        count(step.messages, await importMessage(target, message, readded));
      }
      if (page.cursor) {
        step.state = { phase: 'messages', cursor: page.cursor, conversationId: current, readded: [...readded] };
      } else {
        if (current) await finishConversation(target, await reader.conversation(current), readded);
        step.state = { phase: 'reads', cursor: null };
      }
      return step;
    }
    case 'reads': {
      const page = await reader.horizons({ limit, cursor: state.cursor });
      for (const horizon of page.records) count(step.reads, await importReadState(target, horizon));
      step.state = page.cursor ? { phase: 'reads', cursor: page.cursor } : { phase: 'done' };
      return step;
    }
    case 'done':
      return step;
  }
}
