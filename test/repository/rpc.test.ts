import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, StoreRequestError } from '../../src/repository/errors.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { createRpcRepository, RPC_MAX_CALLS, serveRepositoryRpc } from '../../src/repository/rpc.js';
import { makeConversation, makeMessage, makeUser } from '../contract/repository/fixtures.js';

const TOKEN = 'rpc-test-token-0123456789abcdefghijkl';

/** The RPC server in this process, reached through a `fetch` that counts requests. */
function loopback() {
  const backend = createMemoryRepository();
  const requests: number[] = [];
  const fetcher = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.method === 'POST') requests.push(((await request.clone().json()) as { calls: unknown[] }).calls.length);
    return serveRepositoryRpc(backend, request, TOKEN);
  }) as typeof fetch;
  return { backend, requests, fetcher };
}

describe('the repository over authenticated HTTP (admin Worker RPC)', () => {
  it('runs calls on the served repository and revives its domain errors', async () => {
    const { fetcher } = loopback();
    const remote = await createRpcRepository({ url: 'http://admin.test/', token: TOKEN, fetch: fetcher });
    expect(remote.backend).toBe('memory');
    const user = makeUser();
    await remote.saveUser(user, 'absent');
    expect(await remote.getUser(user.id)).toEqual(user);
    await expect(remote.saveUser(user, 'absent')).rejects.toEqual(
      expect.objectContaining({ name: 'ConflictError', reason: 'exists' }),
    );
    await expect(remote.saveUser(user, 'absent')).rejects.toBeInstanceOf(ConflictError);
    await expect(remote.postMessage(makeMessage(makeConversation('alice').id, 'alice'))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(remote.deleteUser(user.id, 1)).rejects.toBeInstanceOf(StoreRequestError);
  });

  it('sends the calls made together in one request, split by the per-invocation budget', async () => {
    const { fetcher, requests } = loopback();
    const remote = await createRpcRepository({
      url: 'http://admin.test/',
      token: TOKEN,
      fetch: fetcher,
      maxWeight: 30,
    });
    await Promise.all(Array.from({ length: 10 }, (_, i) => remote.getUser(`user-${i}`)));
    expect(requests).toEqual([10]);
    requests.length = 0;
    // A conversation weighs 3 + its participants: 5 participants → 8, so 3 of them per request of 30.
    const conversations = Array.from({ length: 6 }, () => makeConversation('a', ['b', 'c', 'd', 'e']));
    await Promise.all(conversations.map((c) => remote.createConversation(c)));
    expect(requests).toEqual([3, 3]);
  });

  it('answers 401 without the token and 400 for a body that is not a batch of calls', async () => {
    const backend = createMemoryRepository();
    const post = (body: unknown, token?: string) =>
      serveRepositoryRpc(
        backend,
        new Request('http://admin.test/', {
          method: 'POST',
          body: JSON.stringify(body),
          headers: token ? { authorization: `Bearer ${token}` } : {},
        }),
        TOKEN,
      );
    expect((await post({ calls: [] })).status).toBe(401);
    expect((await post({ calls: [] }, `${TOKEN}x`)).status).toBe(401);
    expect(
      (
        await post(
          { calls: Array.from({ length: RPC_MAX_CALLS + 1 }, () => ({ method: 'getUser', args: ['x'] })) },
          TOKEN,
        )
      ).status,
    ).toBe(400);
    const unserved = (await (
      await post({ calls: [{ method: 'releaseIdempotencyKey', args: ['k'] }] }, TOKEN)
    ).json()) as { results: Array<{ error: { name: string } }> };
    expect(unserved.results[0]?.error.name).toBe('StoreRequestError');
  });
});
