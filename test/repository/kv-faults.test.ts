import { describe, expect, it } from 'vitest';
import { IdempotencyLeaseLostError, StoreRequestError, StoreUnavailableError } from '../../src/repository/errors.js';
import { createKvRepository, type KvNamespaceLike } from '../../src/repository/kv/index.js';
import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { claimed, makeConversation, makeMessage, makeUser, newId } from '../contract/repository/fixtures.js';
import { remoteKvNamespace } from './remote.js';

type Fault = (method: 'get' | 'put' | 'delete' | 'list', key: string) => Error | undefined;

/**
 * Fault injection: wraps a real KV namespace and throws the errors KV throws (a 429 when one key is
 * written more than once a second) where `fault` says, passing every other call through. Records
 * the options each `put` was given.
 */
function faulty(namespace: KvNamespaceLike, fault: Fault) {
  const puts: Array<{ key: string; expirationTtl?: number | undefined }> = [];
  const wrapped: KvNamespaceLike = {
    get: async (key, type) => {
      const error = fault('get', key);
      if (error) throw error;
      return namespace.get(key, type);
    },
    put: async (key, value, options) => {
      puts.push({ key, expirationTtl: options?.expirationTtl });
      const error = fault('put', key);
      if (error) throw error;
      return namespace.put(key, value, options);
    },
    delete: async (key) => {
      const error = fault('delete', key);
      if (error) throw error;
      return namespace.delete(key);
    },
    list: async (options) => {
      const error = fault('list', options?.prefix ?? '');
      if (error) throw error;
      return namespace.list(options);
    },
  };
  return { namespace: wrapped, puts };
}

const throttled = () => new Error('KV PUT failed: 429 Too Many Requests');
const fastRetry = { attempts: 4, baseDelayMs: 2, maxDelayMs: 8 };

const getNamespace = async () => remoteKvNamespace(workerUrl(WORKERS.bridge));

/**
 * KV-only cases, on a real namespace (a binding in workerd, through the bridge Worker) wrapped for
 * fault injection — the injected errors are mocks, and the cases say so by name.
 */
describe('kv backend (fault injection)', () => {
  it('retries a 429 and then succeeds', async () => {
    const real = await getNamespace();
    let failures = 2;
    const { namespace, puts } = faulty(real, (method) =>
      method === 'put' && failures-- > 0 ? throttled() : undefined,
    );
    const user = makeUser();
    await createKvRepository({ namespace, retry: fastRetry }).saveUser(user, 'absent');
    expect(await createKvRepository({ namespace: real }).getUser(user.id)).toStrictEqual(user);
    expect(puts.length).toBe(4); // handle: 2 throttled + 1, then the profile
  });

  it('gives up on a key that stays throttled with StoreUnavailable, and writes nothing', async () => {
    const real = await getNamespace();
    const { namespace, puts } = faulty(real, (method) => (method === 'put' ? throttled() : undefined));
    const user = makeUser();
    const saving = createKvRepository({ namespace, retry: fastRetry }).saveUser(user, 'absent');
    await expect(saving).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(puts.length).toBe(fastRetry.attempts);
    const repo = createKvRepository({ namespace: real });
    expect(await repo.getUser(user.id)).toBeNull();
    expect(await repo.getUserByHandle(user.handle)).toBeNull();
  });

  it('reports a request KV refuses (400) as a StoreRequestError, without retrying', async () => {
    const real = await getNamespace();
    const { namespace, puts } = faulty(real, (method) =>
      method === 'put' ? new Error('KV PUT failed: 414 UTF-8 encoded length exceeds key length limit') : undefined,
    );
    await expect(
      createKvRepository({ namespace, retry: fastRetry }).saveUser(makeUser(), 'absent'),
    ).rejects.toBeInstanceOf(StoreRequestError);
    expect(puts.length).toBe(1);
  });

  it('clamps idempotency expirations to the 60 s KV minimum', async () => {
    const { namespace, puts } = faulty(await getNamespace(), () => undefined);
    const now = Math.floor(Date.now() / 1000);
    const repo = createKvRepository({ namespace });
    await repo.claimIdempotencyKey({
      key: newId(),
      fingerprint: 'f',
      token: 't',
      now,
      expiresAt: now + 5,
      lockedUntil: now + 5,
    });
    await repo.claimIdempotencyKey({
      key: newId(),
      fingerprint: 'f',
      token: 't',
      now,
      expiresAt: now + 600,
      lockedUntil: now + 5,
    });
    expect(puts.map((p) => p.expirationTtl)).toEqual([60, 600]);
  });

  it('leaves no visible conversation when its record cannot be written', async () => {
    const real = await getNamespace();
    const { namespace } = faulty(real, (method, key) =>
      method === 'put' && key.startsWith('conv:') ? throttled() : undefined,
    );
    const conversation = makeConversation(newId(), [newId()]);
    const creating = createKvRepository({ namespace, retry: fastRetry }).createConversation(conversation);
    await expect(creating).rejects.toBeInstanceOf(StoreUnavailableError);
    const repo = createKvRepository({ namespace: real });
    expect(await repo.getConversation(conversation.id)).toBeNull();
    for (const userId of conversation.participantIds) {
      expect((await repo.listConversations(userId, { limit: 10 })).items).toEqual([]);
    }
  });

  it('keeps a posted message and lists its conversation once when the activity bump fails', async () => {
    const real = await getNamespace();
    const repo = createKvRepository({ namespace: real });
    const conversation = makeConversation(newId());
    await repo.createConversation(conversation);
    const logged: Array<Record<string, unknown>> = [];
    const { namespace } = faulty(real, (method, key) =>
      method === 'put' && key.startsWith('conv:') ? throttled() : undefined,
    );
    const message = makeMessage(conversation.id, conversation.createdBy);
    const flaky = createKvRepository({ namespace, retry: fastRetry, log: (entry) => logged.push(entry) });
    await flaky.postMessage(message);
    expect(await repo.getMessage(conversation.id, message.id)).toStrictEqual(message);
    expect((await repo.listConversations(conversation.createdBy, { limit: 10 })).items).toStrictEqual([conversation]);
    expect(logged).toEqual([
      expect.objectContaining({ event: 'kv_cleanup_failed', step: 'bump conversation activity' }),
    ]);
  });

  it('fault injection: throttled under a request deadline, gives up at the deadline instead of waiting past it', async () => {
    const real = await getNamespace();
    const { namespace, puts } = faulty(real, (method) => (method === 'put' ? throttled() : undefined));
    const slowRetry = { attempts: 5, baseDelayMs: 400, maxDelayMs: 2000 };
    const repo = createKvRepository({ namespace, retry: slowRetry }).withDeadline?.({
      at: Date.now() + 100,
      now: Date.now,
    });
    if (!repo) throw new Error('the KV backend takes a deadline');
    await expect(repo.saveUser(makeUser(), 'absent')).rejects.toBeInstanceOf(StoreUnavailableError);
    // The first backoff (at least 200 ms) would end past the deadline: one attempt, no wait.
    expect(puts).toHaveLength(1);
    const past = createKvRepository({ namespace }).withDeadline?.({ at: Date.now() - 1, now: Date.now });
    await expect(past?.getUser(newId())).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  it('fences by a read (best effort): a post whose claim was taken over writes no message', async () => {
    const repo = createKvRepository({ namespace: await getNamespace() });
    const conversation = makeConversation(newId());
    await repo.createConversation(conversation);
    const a = await claimed(repo);
    const now = a.claim.lockedUntil + 1;
    await claimed(repo, { key: a.claim.key, fingerprint: a.claim.fingerprint, now, lockedUntil: now + 30 });
    const message = makeMessage(conversation.id, conversation.createdBy);
    await expect(repo.postMessage(message, a.completion)).rejects.toBeInstanceOf(IdempotencyLeaseLostError);
    expect(await repo.getMessage(conversation.id, message.id)).toBeNull();
  });
});
