import { beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyLeaseLostError } from '../../src/repository/errors.js';
import type { Repository } from '../../src/repository/port.js';
import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { claimed, makeConversation, makeMessage, newId } from '../contract/repository/fixtures.js';
import { remoteRepository } from './remote.js';

/**
 * The Durable Object backend's own half of the idempotency fence (the contract's fence cases run
 * too, in durable-object.test.ts): a write that has `prepare`d its key (the key's object marked it
 * `committing`) and then dies before its conversation commits. Driven in workerd by calling the
 * objects' RPC methods directly (through the bridge), which is how such a request would have left
 * them.
 */
let repo: Repository;
async function object(namespace: string, name: string, method: string, ...args: unknown[]): Promise<any> {
  const url = new URL(`object/${namespace}/${encodeURIComponent(name)}`, workerUrl(WORKERS.bridge));
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ method, args }) });
  return ((await response.json()) as { value?: unknown }).value;
}

beforeAll(async () => {
  repo = await remoteRepository(workerUrl(WORKERS.bridge), 'durable-object');
});

describe('durable-object idempotency fence (workerd)', () => {
  it('a write that prepared and died: within its lease retries wait (409); after it, the takeover fences it off and wins', async () => {
    const conversation = makeConversation(newId());
    await repo.createConversation(conversation);
    const a = await claimed(repo);
    expect(await object('idempotency', a.claim.key, 'prepare', a.completion, conversation.id)).toEqual({
      value: { held: true },
      meter: expect.any(Object),
    });
    // A died here, between prepare and its conversation's commit. Within A's lease, the key is A's.
    const early = await repo.claimIdempotencyKey({ ...a.claim, token: `early-${newId()}` });
    expect(early).toMatchObject({ claimed: false, existing: { state: 'in_progress', token: a.claim.token } });
    // After the lease, B takes over: the conversation is asked first, and fences A's token off there.
    const now = a.claim.lockedUntil + 1;
    const b = await claimed(repo, { key: a.claim.key, fingerprint: a.claim.fingerprint, now, lockedUntil: now + 30 });
    const asked = await object(
      'conversations',
      conversation.id,
      'resolveIdempotency',
      a.claim.key,
      a.claim.token,
      false,
      a.claim.expiresAt,
    );
    expect(asked.value).toBe('aborted');
    // A's write can no longer commit (its prepare would be refused, and its token is fenced locally); B's can.
    const m1 = makeMessage(conversation.id, conversation.createdBy);
    await expect(repo.postMessage(m1, a.completion)).rejects.toBeInstanceOf(IdempotencyLeaseLostError);
    const m2 = makeMessage(conversation.id, conversation.createdBy);
    await repo.postMessage(m2, b.completion);
    expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([m2]);
    const replay = await repo.claimIdempotencyKey({ ...a.claim, token: `late-${newId()}`, now });
    expect(replay).toMatchObject({ claimed: false, existing: { state: 'completed', token: b.claim.token } });
  });

  it('a write that committed but whose key object never heard back: the next claim finds it completed', async () => {
    const conversation = makeConversation(newId());
    await repo.createConversation(conversation);
    const a = await claimed(repo);
    const message = makeMessage(conversation.id, conversation.createdBy);
    await repo.postMessage(message, a.completion);
    // The key's object holds it `committing` until asked; even after the lease, a claim gets the outcome.
    const later = a.claim.lockedUntil + 5;
    const replay = await repo.claimIdempotencyKey({ ...a.claim, token: `retry-${newId()}`, now: later });
    expect(replay).toMatchObject({
      claimed: false,
      existing: { state: 'completed', token: a.claim.token, response: a.completion.response },
    });
    expect((await repo.listMessages(conversation.id, { limit: 10 })).items).toStrictEqual([message]);
  });
});
