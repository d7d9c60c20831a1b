import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/repository/errors.js';
import type { IdempotencyCompletion, IdempotencyRecord } from '../../../src/repository/port.js';
import { expectRejection, makeClaim, makeConversation, makeMessage, newId, type ContractContext } from './fixtures.js';

export function idempotencyCases({ repository: repo }: ContractContext): void {
  const completionOf = (claim: { key: string; fingerprint: string; expiresAt: number }): IdempotencyCompletion => ({
    key: claim.key,
    fingerprint: claim.fingerprint,
    expiresAt: claim.expiresAt,
    response: { status: 201, headers: { 'content-type': 'application/json', etag: '"1"' }, body: '{"id":"x"}' },
  });
  /** What a second claim of the same key sees. */
  async function existing(claim: ReturnType<typeof makeClaim>, now = claim.now): Promise<IdempotencyRecord> {
    const result = await repo.claimIdempotencyKey({ ...claim, fingerprint: 'fp-other', now });
    if (result.claimed) throw new Error(`key ${claim.key} was claimable again`);
    return result.existing;
  }

  describe('idempotency records', () => {
    it('claims a fresh key once; a second claim sees the in-progress record', async () => {
      const claim = makeClaim();
      expect(await repo.claimIdempotencyKey(claim)).toStrictEqual({ claimed: true });
      expect(await existing(claim)).toMatchObject({
        key: claim.key,
        fingerprint: claim.fingerprint,
        state: 'in_progress',
        response: null,
        expiresAt: claim.expiresAt,
        lockedUntil: claim.lockedUntil,
      });
      expect(await repo.claimIdempotencyKey(makeClaim())).toStrictEqual({ claimed: true });
    });

    it('keeps a completed outcome exactly, for replay', async () => {
      const claim = makeClaim();
      await repo.claimIdempotencyKey(claim);
      const completion = completionOf(claim);
      await repo.completeIdempotencyKey(completion);
      const record = await existing(claim, claim.lockedUntil + 60);
      expect(record).toMatchObject({ key: claim.key, fingerprint: claim.fingerprint, state: 'completed' });
      expect(record.response).toStrictEqual(completion.response);
      expect(record.expiresAt).toBe(claim.expiresAt);
    });

    it('releases an in-progress claim, but never a completed one', async () => {
      const claim = makeClaim();
      await repo.claimIdempotencyKey(claim);
      await repo.releaseIdempotencyKey(claim.key);
      expect(await repo.claimIdempotencyKey(claim)).toStrictEqual({ claimed: true });
      await repo.completeIdempotencyKey(completionOf(claim));
      await repo.releaseIdempotencyKey(claim.key);
      expect((await existing(claim)).state).toBe('completed');
      await repo.releaseIdempotencyKey(`idem-${newId()}`);
    });

    it('treats an expired record as absent', async () => {
      const claim = makeClaim();
      const short = { ...claim, expiresAt: claim.now + 100, lockedUntil: claim.now + 30 };
      await repo.claimIdempotencyKey(short);
      await repo.completeIdempotencyKey(completionOf(short));
      expect((await existing(short, short.now + 99)).state).toBe('completed');
      const later = { ...claim, fingerprint: 'fp-2', now: claim.now + 101, lockedUntil: claim.now + 131 };
      expect(await repo.claimIdempotencyKey(later)).toStrictEqual({ claimed: true });
      expect(await existing(later)).toMatchObject({ fingerprint: 'fp-2', state: 'in_progress' });
    });

    it('lets a new request take over an abandoned in-progress claim', async () => {
      const claim = makeClaim();
      await repo.claimIdempotencyKey(claim);
      expect((await existing(claim, claim.lockedUntil - 1)).state).toBe('in_progress');
      const takeover = {
        ...claim,
        fingerprint: 'fp-2',
        now: claim.lockedUntil + 1,
        lockedUntil: claim.lockedUntil + 31,
      };
      expect(await repo.claimIdempotencyKey(takeover)).toStrictEqual({ claimed: true });
      expect(await existing(takeover)).toMatchObject({ fingerprint: 'fp-2', lockedUntil: takeover.lockedUntil });
    });

    it('records a completion passed to createConversation', async () => {
      const claim = makeClaim();
      await repo.claimIdempotencyKey(claim);
      const completion = completionOf(claim);
      await repo.createConversation(makeConversation(newId()), completion);
      const record = await existing(claim);
      expect(record.state).toBe('completed');
      expect(record.response).toStrictEqual(completion.response);
    });

    it('records a completion passed to updateConversation', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const claim = makeClaim();
      await repo.claimIdempotencyKey(claim);
      const completion = completionOf(claim);
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
      const claim = makeClaim();
      await repo.claimIdempotencyKey(claim);
      const completion = completionOf(claim);
      await repo.postMessage(makeMessage(conversation.id, conversation.createdBy), completion);
      expect(await existing(claim)).toMatchObject({ state: 'completed', response: completion.response });
    });

    it('records no completion when the write it came with is refused', async () => {
      const conversation = makeConversation(newId());
      await repo.createConversation(conversation);
      const claim = makeClaim();
      await repo.claimIdempotencyKey(claim);
      const outsider = makeMessage(conversation.id, newId());
      await expectRejection(repo.postMessage(outsider, completionOf(claim)), ConflictError);
      await expectRejection(repo.createConversation(conversation, completionOf(claim)), ConflictError);
      expect((await existing(claim)).state).toBe('in_progress');
    });
  });
}
