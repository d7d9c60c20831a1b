import { describe, expect } from 'vitest';
import { ConflictError, VersionMismatchError } from '../../../src/repository/errors.js';
import {
  claimed,
  itNeeds,
  makeClaim,
  makeConversation,
  makeMessage,
  makeUser,
  newId,
  type ContractContext,
} from './fixtures.js';

const PARALLEL = 20;

/** Settles every promise; returns how many fulfilled and the rejections. */
async function race(attempts: Array<Promise<unknown>>) {
  const settled = await Promise.allSettled(attempts);
  const rejected = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  return { fulfilled: settled.length - rejected.length, rejected };
}

export function concurrencyCases({ repository: repo, capabilities }: ContractContext): void {
  describe('concurrent writers', () => {
    itNeeds(
      capabilities,
      ['atomicConditionalWrites'],
      `${PARALLEL} parallel saves at one version: exactly one wins`,
      async () => {
        const user = makeUser();
        await repo.saveUser(user, 'absent');
        const attempts = Array.from({ length: PARALLEL }, (_, i) =>
          repo.saveUser({ ...user, displayName: `writer ${i}`, version: 2 }, 1),
        );
        const { fulfilled, rejected } = await race(attempts);
        expect(fulfilled).toBe(1);
        for (const error of rejected) expect(error).toBeInstanceOf(VersionMismatchError);
        expect((await repo.getUser(user.id))?.version).toBe(2);
      },
    );

    itNeeds(
      capabilities,
      ['atomicConditionalWrites'],
      `${PARALLEL} parallel claims of one key: exactly one claims it`,
      async () => {
        const claim = makeClaim();
        const results = await Promise.all(
          Array.from({ length: PARALLEL }, (_, i) => repo.claimIdempotencyKey({ ...claim, fingerprint: `fp-${i}` })),
        );
        expect(results.filter((r) => r.claimed)).toHaveLength(1);
      },
    );

    itNeeds(
      capabilities,
      ['fencedIdempotency'],
      `${PARALLEL} stale posts racing the takeover of their keys: exactly one message per key`,
      async () => {
        // Per key: A's lease has lapsed; A's post (under A's token) races B's takeover claim and post.
        // Whichever comes first wins; the other writes nothing, so every key ends with one message.
        const conversation = makeConversation(newId());
        await repo.createConversation(conversation);
        const keys = await Promise.all(Array.from({ length: PARALLEL }, () => claimed(repo)));
        const posted = await Promise.all(
          keys.map(async (a) => {
            const now = a.claim.lockedUntil + 1;
            const b = makeClaim({ key: a.claim.key, fingerprint: a.claim.fingerprint, now, lockedUntil: now + 30 });
            const stalePost = repo.postMessage(makeMessage(conversation.id, conversation.createdBy), a.completion);
            const takeover = repo.claimIdempotencyKey(b).then(async (result) => {
              if (!result.claimed) return 0;
              await repo.postMessage(makeMessage(conversation.id, conversation.createdBy), {
                ...a.completion,
                token: b.token,
              });
              return 1;
            });
            const [first, second] = await Promise.allSettled([stalePost, takeover]);
            return (first.status === 'fulfilled' ? 1 : 0) + (second.status === 'fulfilled' ? second.value : 0);
          }),
        );
        expect(posted).toEqual(keys.map(() => 1));
        const listed = await repo.listMessages(conversation.id, { limit: 100 });
        expect(listed.items).toHaveLength(PARALLEL);
      },
    );

    itNeeds(
      capabilities,
      ['atomicConditionalWrites'],
      `${PARALLEL} parallel creates of one conversation id: exactly one wins`,
      async () => {
        const conversation = makeConversation(newId());
        const { fulfilled, rejected } = await race(
          Array.from({ length: PARALLEL }, (_, i) => repo.createConversation({ ...conversation, title: `t${i}` })),
        );
        expect(fulfilled).toBe(1);
        for (const error of rejected) expect(error).toMatchObject({ reason: 'exists' });
      },
    );

    itNeeds(
      capabilities,
      ['atomicConditionalWrites', 'transactions'],
      `${PARALLEL} users racing for one handle: one gets it, no loser's profile is stored`,
      async () => {
        const handle = `h${newId().toLowerCase()}`;
        const users = Array.from({ length: PARALLEL }, () => makeUser({ handle }));
        const { fulfilled, rejected } = await race(users.map((u) => repo.saveUser(u, 'absent')));
        expect(fulfilled).toBe(1);
        for (const error of rejected) expect(error).toBeInstanceOf(ConflictError);
        const stored = await Promise.all(users.map((u) => repo.getUser(u.id)));
        const winners = stored.filter((u) => u !== null);
        expect(winners).toHaveLength(1);
        expect((await repo.getUserByHandle(handle))?.id).toBe(winners[0]?.id);
      },
    );

    itNeeds(
      capabilities,
      ['atomicConditionalWrites', 'transactions'],
      'parallel participant changes at one version: only the winner is indexed',
      async () => {
        const conversation = makeConversation(newId());
        await repo.createConversation(conversation);
        const joiners = Array.from({ length: 10 }, () => newId());
        const { fulfilled } = await race(
          joiners.map((j) =>
            repo.updateConversation({ ...conversation, participantIds: [conversation.createdBy, j], version: 2 }, 1),
          ),
        );
        expect(fulfilled).toBe(1);
        const stored = await repo.getConversation(conversation.id);
        const listed = await Promise.all(
          joiners.map(async (j) => (await repo.listConversations(j, { limit: 5 })).items.length),
        );
        expect(joiners.filter((_, i) => listed[i] === 1)).toEqual(stored?.participantIds.slice(1));
      },
    );

    itNeeds(
      capabilities,
      [],
      `${PARALLEL} parallel posts to one conversation: every message is kept once`,
      async () => {
        const conversation = makeConversation(newId());
        await repo.createConversation(conversation);
        const messages = Array.from({ length: PARALLEL }, () => makeMessage(conversation.id, conversation.createdBy));
        await Promise.all(messages.map((m) => repo.postMessage(m)));
        const listed = await repo.listMessages(conversation.id, { limit: 100 });
        expect(listed.items.map((m) => m.id)).toEqual(messages.map((m) => m.id).reverse());
        const ids = messages.map((m) => m.id);
        expect(ids).toContain((await repo.getConversation(conversation.id))?.lastMessageId);
      },
    );
  });
}
