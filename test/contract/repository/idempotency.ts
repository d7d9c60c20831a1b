import { describe, expect, it } from 'vitest';
import { ConflictError, IdempotencyLeaseLostError } from '../../../src/repository/errors.js';
import type { IdempotencyClaim, IdempotencyRecord } from '../../../src/repository/port.js';
import { completedRecord, inProgressRecord } from '../../../src/repository/preconditions.js';
import {
  claimed,
  completionFor,
  expectRejection,
  makeClaim,
  makeConversation,
  makeMessage,
  newId,
  type ContractContext,
} from './fixtures.js';

/**
 * The idempotency records of the port, fence included (`port.ts`: "Idempotency claims are fenced
 * leases"). The fence cases replay, at the port, the stall of issue 12: request A claims a key and
 * stalls; its lease lapses; request B (a retry of the same client request, so the same fingerprint)
 * takes the key over under a new token and completes it; then A's write arrives with A's token. Every
 * such stale write must be refused whole (`IdempotencyLeaseLostError`, naming the record that holds
 * the key now) and change nothing. They hold for one writer at a time everywhere; a backend whose
 * `fencedIdempotency` is false checks the fence by a read first, so only the racing case
 * (`concurrency.ts`) is skipped for it.
 */
export function idempotencyCases({ repository: repo }: ContractContext): void {
  /** What a second claim of the same key sees (at `now`, default the claim's). */
  async function existing(claim: IdempotencyClaim, now = claim.now): Promise<IdempotencyRecord> {
    const result = await repo.claimIdempotencyKey({
      ...claim,
      token: `probe-${newId()}`,
      fingerprint: 'fp-other',
      now,
    });
    if (result.claimed) throw new Error(`key ${claim.key} was claimable again`);
    return result.existing;
  }
  /** B: the retry that takes A's key over once A's lease has lapsed (same key and fingerprint, new token). */
  async function takeOver(a: IdempotencyClaim) {
    const now = a.lockedUntil + 1;
    return claimed(repo, { key: a.key, fingerprint: a.fingerprint, now, lockedUntil: now + 30 });
  }
  /** The record a completion stores; `lockedUntil` is the backend's own (it no longer matters). */
  const completed = (completion: ReturnType<typeof completionFor>) => ({
    ...completedRecord(completion, 0),
    lockedUntil: expect.any(Number),
  });
  async function stale(error: Promise<unknown>): Promise<IdempotencyLeaseLostError> {
    const caught = await error.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(caught, 'the stale write was not refused').toBeInstanceOf(IdempotencyLeaseLostError);
    return caught as IdempotencyLeaseLostError;
  }

  describe('idempotency records', () => {
    it('claims a fresh key once, under its token; a second claim sees the in-progress record', async () => {
      const claim = makeClaim();
      expect(await repo.claimIdempotencyKey(claim)).toStrictEqual({ claimed: true });
      expect(await existing(claim)).toStrictEqual(inProgressRecord(claim));
      expect(await repo.claimIdempotencyKey(makeClaim())).toStrictEqual({ claimed: true });
    });

    it('keeps a completed outcome exactly, for replay, under the token that completed it', async () => {
      const { claim, completion } = await claimed(repo);
      await repo.completeIdempotencyKey(completion);
      const record = await existing(claim, claim.lockedUntil + 60);
      expect(record).toMatchObject({ key: claim.key, fingerprint: claim.fingerprint, token: claim.token });
      expect(record.state).toBe('completed');
      expect(record.response).toStrictEqual(completion.response);
      expect(record.expiresAt).toBe(claim.expiresAt);
    });

    it('completing again with the same token (a resend) changes nothing', async () => {
      const { claim, completion } = await claimed(repo);
      await repo.completeIdempotencyKey(completion);
      await repo.completeIdempotencyKey({ ...completion, response: { status: 500, headers: {}, body: 'x' } });
      expect((await existing(claim)).response).toStrictEqual(completion.response);
    });

    it('releases an in-progress claim under its own token, but never a completed one', async () => {
      const { claim, completion } = await claimed(repo);
      await repo.releaseIdempotencyKey(claim.key, claim.token);
      const again = { ...claim, token: `token-${newId()}` };
      expect(await repo.claimIdempotencyKey(again)).toStrictEqual({ claimed: true });
      await repo.completeIdempotencyKey({ ...completion, token: again.token });
      await repo.releaseIdempotencyKey(claim.key, again.token);
      expect((await existing(claim)).state).toBe('completed');
      await repo.releaseIdempotencyKey(`idem-${newId()}`, 'no-such-token');
    });

    it('treats an expired record as absent', async () => {
      const claim = makeClaim();
      const short = { ...claim, expiresAt: claim.now + 100, lockedUntil: claim.now + 30 };
      await repo.claimIdempotencyKey(short);
      await repo.completeIdempotencyKey(completionFor(short));
      expect((await existing(short, short.now + 99)).state).toBe('completed');
      const later = { ...claim, fingerprint: 'fp-2', token: `token-${newId()}`, now: claim.now + 101 };
      expect(await repo.claimIdempotencyKey({ ...later, lockedUntil: later.now + 30 })).toStrictEqual({
        claimed: true,
      });
      expect(await existing(later)).toMatchObject({ fingerprint: 'fp-2', token: later.token, state: 'in_progress' });
    });

    it('lets a new request take over an abandoned in-progress claim, under its own token', async () => {
      const { claim } = await claimed(repo);
      expect((await existing(claim, claim.lockedUntil - 1)).state).toBe('in_progress');
      const takeover = await takeOver(claim);
      expect(await existing(takeover.claim)).toStrictEqual(inProgressRecord(takeover.claim));
    });

    it('records a completion passed to createConversation', async () => {
      const { claim, completion } = await claimed(repo);
      await repo.createConversation(makeConversation(newId()), completion);
      expect(await existing(claim)).toStrictEqual(completed(completion));
    });

    it('records a completion passed to updateConversation', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const { claim, completion } = await claimed(repo);
      await repo.updateConversation(
        { ...conversation, participantIds: [conversation.createdBy, newId()], version: 2 },
        1,
        completion,
      );
      expect((await existing(claim)).response).toStrictEqual(completion.response);
    });

    it('records a completion passed to postMessage', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const { claim, completion } = await claimed(repo);
      await repo.postMessage(makeMessage(conversation.id, conversation.createdBy), completion);
      expect(await existing(claim)).toMatchObject({
        state: 'completed',
        token: claim.token,
        response: completion.response,
      });
    });

    it('records no completion when the write it came with is refused', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const { claim, completion } = await claimed(repo);
      const outsider = makeMessage(conversation.id, newId());
      await expectRejection(repo.postMessage(outsider, completion), ConflictError);
      await expectRejection(repo.createConversation(conversation, completion), ConflictError);
      expect(await existing(claim)).toStrictEqual(inProgressRecord(claim));
    });
  });

  describe('idempotency fence: a claimant whose lease was taken over writes nothing', () => {
    it('the stall: A stalls past its lease, B takes the key over and posts m2; A’s post of m1 is refused whole', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const a = await claimed(repo);
      const b = await takeOver(a.claim);
      const m2 = makeMessage(conversation.id, conversation.createdBy);
      await repo.postMessage(m2, b.completion);
      const m1 = makeMessage(conversation.id, conversation.createdBy);

      const refused = await stale(repo.postMessage(m1, a.completion));
      // The error names the record holding the key now (B's outcome), and A's own fingerprint.
      expect(refused.current).toStrictEqual(completed(b.completion));
      expect(refused.fingerprint).toBe(a.claim.fingerprint);
      // Exactly one message, the one B's client got; the key still names it; the activity is m2's.
      expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([m2]);
      expect(await repo.getMessage(conversation.id, m1.id)).toBeNull();
      expect((await existing(b.claim)).response).toStrictEqual(b.completion.response);
      expect((await repo.getConversation(conversation.id))?.lastMessageId).toBe(m2.id);
    });

    it('A’s post is refused while B is still running too, and B then posts', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const a = await claimed(repo);
      const b = await takeOver(a.claim);
      const refused = await stale(repo.postMessage(makeMessage(conversation.id, conversation.createdBy), a.completion));
      expect(refused.current).toStrictEqual(inProgressRecord(b.claim));
      expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toEqual([]);
      const m2 = makeMessage(conversation.id, conversation.createdBy);
      await repo.postMessage(m2, b.completion);
      expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([m2]);
    });

    it('a stale createConversation writes no conversation and no index entry', async () => {
      const a = await claimed(repo);
      const b = await takeOver(a.claim);
      await repo.completeIdempotencyKey(b.completion);
      const conversation = makeConversation(newId(), [newId()]);
      const refused = await stale(repo.createConversation(conversation, a.completion));
      expect(refused.current?.token).toBe(b.claim.token);
      expect(await repo.getConversation(conversation.id)).toBeNull();
      for (const userId of conversation.participantIds) {
        expect((await repo.listConversations(userId, { limit: 10 })).items).toEqual([]);
      }
    });

    it('a stale updateConversation changes neither the record nor the index', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const a = await claimed(repo);
      await takeOver(a.claim);
      const joiner = newId();
      const next = { ...conversation, participantIds: [conversation.createdBy, joiner], version: 2 };
      await stale(repo.updateConversation(next, 1, a.completion));
      expect(await repo.getConversation(conversation.id)).toStrictEqual(conversation);
      expect((await repo.listConversations(joiner, { limit: 10 })).items).toEqual([]);
    });

    it('a stale completeIdempotencyKey is refused and leaves the new claim, and then its outcome, alone', async () => {
      const a = await claimed(repo);
      const b = await takeOver(a.claim);
      expect((await stale(repo.completeIdempotencyKey(a.completion))).current).toStrictEqual(inProgressRecord(b.claim));
      expect(await existing(b.claim)).toStrictEqual(inProgressRecord(b.claim));
      await repo.completeIdempotencyKey(b.completion);
      await stale(repo.completeIdempotencyKey(a.completion));
      expect((await existing(b.claim)).response).toStrictEqual(b.completion.response);
    });

    it('a stale release is a no-op: the new claim keeps the key', async () => {
      const a = await claimed(repo);
      const b = await takeOver(a.claim);
      await repo.releaseIdempotencyKey(a.claim.key, a.claim.token);
      expect(await existing(b.claim)).toStrictEqual(inProgressRecord(b.claim));
    });

    it('a completion whose key was never claimed (or was released) is refused, with nothing written', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const unclaimed = completionFor(makeClaim());
      const message = makeMessage(conversation.id, conversation.createdBy);
      expect((await stale(repo.postMessage(message, unclaimed))).current).toBeNull();
      const released = await claimed(repo);
      await repo.releaseIdempotencyKey(released.claim.key, released.claim.token);
      await stale(repo.postMessage(message, released.completion));
      expect(await repo.getMessage(conversation.id, message.id)).toBeNull();
    });

    it('one claim completes one write: a second post with the same completion is refused', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const { completion } = await claimed(repo);
      const first = makeMessage(conversation.id, conversation.createdBy);
      await repo.postMessage(first, completion);
      await stale(repo.postMessage(makeMessage(conversation.id, conversation.createdBy), completion));
      expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([first]);
    });
  });
}
