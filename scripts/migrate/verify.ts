import type { MigrationMapping } from '../../src/migration/mapping.js';
import { type Collection, type MigrationPlan, sampled } from '../../src/migration/plan.js';
import type { Repository } from '../../src/repository/port.js';
import { sameConversation, sameValue } from './compare.js';
import type { Progress } from './progress.js';
import { decodeRecord, type Source } from './sources/source.js';

export interface VerifyCounts {
  /** Records the source maps to (accepted by the index pass). */
  expected: number;
  /** Found in the target (messages: counted by listing each conversation). */
  found: number;
  missing: number;
  /** Deep-compared and different. */
  different: number;
  /** Deep-compared (every user and conversation; the sample of messages). */
  compared: number;
  /** In the target but not from the source (messages posted in Parley since, say). */
  extra: number;
}

export interface VerifyReport {
  ok: boolean;
  sampleRate: number;
  collections: Record<Collection, VerifyCounts>;
  /** Conversations whose stored activity is neither the migrated newest message nor a newer one. */
  activityWrong: number;
  /** Message pages not in newest-first order. */
  orderWrong: number;
  /** Sampled users whose conversation list lacks a migrated conversation (participant index). */
  lists: { usersChecked: number; entriesMissing: number };
  /** Up to 20 examples of what differs. */
  examples: string[];
}

interface VerifyOptions {
  source: Source;
  mapping: MigrationMapping;
  plan: MigrationPlan;
  repository: Repository;
  sampleRate: number;
  concurrency: number;
  progress: Progress;
}

const counts = (): VerifyCounts => ({ expected: 0, found: 0, missing: 0, different: 0, compared: 0, extra: 0 });

/**
 * `--verify`: every migrated user and conversation is read back and deep-compared; every
 * conversation's messages are listed (counted, and checked newest-first) and a deterministic sample
 * of messages (`sampleRate`, by a hash of the id: the same sample every run) is read back and
 * deep-compared; the conversation lists of a sample of users are checked against their memberships.
 * Read-only; run it after a live run, or alone (without `--live`) as a check before the cut-over.
 */
export async function verifyTarget(options: VerifyOptions): Promise<VerifyReport> {
  const { source, mapping, plan, repository, sampleRate, concurrency, progress } = options;
  const report: VerifyReport = {
    ok: true,
    sampleRate,
    collections: { users: counts(), conversations: counts(), messages: counts() },
    activityWrong: 0,
    orderWrong: 0,
    lists: { usersChecked: 0, entriesMissing: 0 },
    examples: [],
  };
  const example = (text: string) => {
    if (report.examples.length < 20) report.examples.push(text);
  };
  const sampledUsers: string[] = [];
  /** Counts one expected record against what the store holds; true when it is there. */
  const compare = <T>(
    tally: VerifyCounts,
    what: string,
    stored: T | null,
    same: (stored: T) => boolean,
  ): stored is T => {
    tally.expected++;
    tally.compared++;
    if (!stored) {
      tally.missing++;
      example(`${what} is missing`);
      return false;
    }
    tally.found++;
    if (!same(stored)) {
      tally.different++;
      example(`${what} differs`);
    }
    return true;
  };

  const each = async (
    name: Collection,
    check: (ordinal: number, doc: ReturnType<typeof decodeRecord>) => Promise<void>,
  ) => {
    const phase = progress.phase(`${name}: verify`);
    let ordinal = 0;
    for await (const chunk of source.records(mapping.collections[name])) {
      const jobs: Array<() => Promise<void>> = [];
      for (const raw of chunk.records) {
        const at = ordinal++;
        let doc: ReturnType<typeof decodeRecord>;
        try {
          doc = decodeRecord(raw);
        } catch {
          continue;
        }
        jobs.push(() => check(at, doc));
      }
      await pool(jobs, concurrency);
      phase.update(
        ordinal,
        source.collection(mapping.collections[name]).bytes > 0
          ? chunk.position / source.collection(mapping.collections[name]).bytes
          : 1,
      );
    }
    phase.finish(ordinal);
  };

  const users = report.collections.users;
  await each('users', async (ordinal, doc) => {
    const user = plan.user(ordinal, doc);
    if (!user) return;
    const stored = await repository.getUser(user.id);
    if (!compare(users, `user ${user.id}`, stored, (found) => sameValue(found, user))) return;
    if (sampled(user.id, Math.max(sampleRate, 0.05))) sampledUsers.push(user.id);
  });

  const conversations = report.collections.conversations;
  await each('conversations', async (ordinal, doc) => {
    const conversation = plan.conversation(ordinal, doc);
    if (!conversation) return;
    const stored = await repository.getConversation(conversation.id);
    const what = `conversation ${conversation.id}`;
    if (!compare(conversations, what, stored, (found) => sameConversation(conversation, found))) return;
    const same =
      stored.lastMessageId === conversation.lastMessageId && stored.lastActivityAt === conversation.lastActivityAt;
    const movedOn = (stored.lastMessageId ?? '') > (conversation.lastMessageId ?? '');
    if (!same && !movedOn) {
      report.activityWrong++;
      example(
        `conversation ${conversation.id}: activity ${stored.lastMessageId} at ${stored.lastActivityAt}, expected ${conversation.lastMessageId} at ${conversation.lastActivityAt}`,
      );
    }
  });

  // Every conversation's timeline: counted page by page, newest first.
  const messages = report.collections.messages;
  const timelines = [...plan.messageCounts()];
  const phase = progress.phase('messages: count');
  let listed = 0;
  await pool(
    timelines.map(([conversationId, expected]) => async () => {
      messages.expected += expected.messages;
      let count = 0;
      let cursor: string | undefined;
      let previous: string | null = null;
      do {
        const page = await repository.listMessages(conversationId, { limit: 100, ...(cursor ? { cursor } : {}) });
        for (const message of page.items) {
          if (previous !== null && message.id >= previous) report.orderWrong++;
          previous = message.id;
        }
        count += page.items.length;
        cursor = page.cursor ?? undefined;
      } while (cursor);
      messages.found += Math.min(count, expected.messages);
      if (count < expected.messages) {
        messages.missing += expected.messages - count;
        example(`conversation ${conversationId} has ${count} of its ${expected.messages} messages`);
      } else messages.extra += count - expected.messages;
      phase.update(++listed, listed / Math.max(1, timelines.length));
    }),
    options.concurrency,
  );
  phase.finish(listed);

  await each('messages', async (_ordinal, doc) => {
    const planned = plan.message(doc);
    if (!planned || !sampled(planned.record.id, sampleRate)) return;
    messages.compared++;
    const stored = await repository.getMessage(planned.record.conversationId, planned.record.id);
    if (!stored || !sameValue(stored, planned.record)) {
      messages.different++;
      example(`message ${planned.record.id} ${stored ? 'differs' : 'is missing'}`);
    }
  });

  // The participant index: a sample of users' conversation lists.
  await pool(
    sampledUsers.map((userId) => async () => {
      const expected = new Set(plan.conversationsOf(userId));
      const seen = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await repository.listConversations(userId, { limit: 100, ...(cursor ? { cursor } : {}) });
        for (const conversation of page.items) seen.add(conversation.id);
        cursor = page.cursor ?? undefined;
      } while (cursor);
      report.lists.usersChecked++;
      for (const id of expected) {
        if (!seen.has(id)) {
          report.lists.entriesMissing++;
          example(`${userId}'s conversation list lacks ${id}`);
        }
      }
    }),
    concurrency,
  );

  report.ok =
    Object.values(report.collections).every((c) => c.missing === 0 && c.different === 0) &&
    report.activityWrong === 0 &&
    report.orderWrong === 0 &&
    report.lists.entriesMissing === 0;
  return report;
}

async function pool(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}
