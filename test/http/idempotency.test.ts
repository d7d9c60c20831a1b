import { describe, expect, it } from 'vitest';
import { problemOf } from '../support/problems.js';
import {
  checkIdempotencyKey,
  IDEMPOTENCY_LOCK_SECONDS,
  startIdempotent,
  type IdempotentRequest,
} from '../../src/http/idempotency.js';
import { HttpProblem } from '../../src/http/problem.js';
import { jsonReply } from '../../src/http/reply.js';
import { IdempotencyLeaseLostError } from '../../src/repository/errors.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';

const request = (over: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  caller: 'alice',
  operationId: 'postMessage',
  key: 'k-1',
  method: 'POST',
  path: '/v1/conversations/C/messages',
  body: { body: 'hi' },
  now: 1_000_000,
  ...over,
});

describe('idempotency protocol', () => {
  it('a second request while the first runs is 409 with Retry-After', async () => {
    const repository = createMemoryRepository();
    expect((await startIdempotent(repository, request())).kind).toBe('claimed');
    const problem = await problemOf(startIdempotent(repository, request({ now: 1_000_010 })));
    expect(problem.status).toBe(409);
    expect(problem.slug).toBe('idempotency-in-progress');
    expect(Number(problem.headers['retry-after'])).toBe(IDEMPOTENCY_LOCK_SECONDS - 10);
  });

  it('a finished 2xx/4xx is replayed with its kept headers only, marked as a replay', async () => {
    const repository = createMemoryRepository();
    const started = await startIdempotent(repository, request());
    if (started.kind !== 'claimed') throw new Error('expected a claim');
    const reply = jsonReply(201, { id: 'M1' }, { etag: '"1"', location: '/x', 'x-request-id': 'first' });
    await started.session.finish(reply);
    const again = await startIdempotent(repository, request({ body: { body: 'hi' } }));
    expect(again.kind).toBe('replay');
    if (again.kind !== 'replay') return;
    expect(again.reply).toEqual({
      status: 201,
      headers: { 'content-type': 'application/json', etag: '"1"', location: '/x', 'idempotent-replayed': 'true' },
      body: '{"id":"M1"}',
    });
  });

  it('the fingerprint covers path and body: another one is 422', async () => {
    const repository = createMemoryRepository();
    await startIdempotent(repository, request());
    expect((await problemOf(startIdempotent(repository, request({ body: { body: 'other' } })))).status).toBe(422);
    expect(
      (await problemOf(startIdempotent(repository, request({ path: '/v1/conversations/D/messages' })))).status,
    ).toBe(422);
  });

  it('keys are per caller and operation', async () => {
    const repository = createMemoryRepository();
    await startIdempotent(repository, request());
    expect((await startIdempotent(repository, request({ caller: 'bob' }))).kind).toBe('claimed');
    expect((await startIdempotent(repository, request({ operationId: 'createConversation' }))).kind).toBe('claimed');
  });

  it('a 5xx releases the claim so a retry runs; an abandoned claim lapses after its lock', async () => {
    const repository = createMemoryRepository();
    const first = await startIdempotent(repository, request());
    if (first.kind !== 'claimed') throw new Error('expected a claim');
    await first.session.finish(jsonReply(503, {}));
    expect((await startIdempotent(repository, request({ now: 1_000_001 }))).kind).toBe('claimed');
    // The second claim is never finished (its request died); after the lock it may be claimed again.
    const later = 1_000_001 + IDEMPOTENCY_LOCK_SECONDS + 1;
    expect((await startIdempotent(repository, request({ now: later }))).kind).toBe('claimed');
  });

  it('a write that records the outcome itself is not recorded twice', async () => {
    const memory = createMemoryRepository();
    let completions = 0;
    const repository = {
      ...memory,
      completeIdempotencyKey: async (completion: Parameters<typeof memory.completeIdempotencyKey>[0]) => {
        completions++;
        await memory.completeIdempotencyKey(completion);
      },
    };
    const started = await startIdempotent(repository, request());
    if (started.kind !== 'claimed') throw new Error('expected a claim');
    const reply = jsonReply(201, { id: 'M1' }, { 'x-request-id': 'r1' });
    const written = await started.session.commit(reply, async (completion) => {
      expect(completion.response).toEqual({
        status: 201,
        headers: { 'content-type': 'application/json' },
        body: '{"id":"M1"}',
      });
      await memory.completeIdempotencyKey(completion); // what a transactional write does
      return 'written';
    });
    expect(written).toBe('written');
    await started.session.finish(reply);
    expect(completions).toBe(0);
    expect((await startIdempotent(repository, request())).kind).toBe('replay');
  });

  it('each claim has its own token, and a takeover after the lease fences the first claim off', async () => {
    const memory = createMemoryRepository();
    const tokens: string[] = [];
    const repository = {
      ...memory,
      claimIdempotencyKey: (claim: Parameters<typeof memory.claimIdempotencyKey>[0]) => {
        tokens.push(claim.token);
        return memory.claimIdempotencyKey(claim);
      },
    };
    const first = await startIdempotent(repository, request());
    if (first.kind !== 'claimed') throw new Error('expected a claim');
    const later = await startIdempotent(repository, request({ now: 1_000_000 + IDEMPOTENCY_LOCK_SECONDS + 1 }));
    if (later.kind !== 'claimed') throw new Error('expected the lapsed claim to be taken over');
    await later.session.commit(jsonReply(201, { id: 'M2' }), (completion) =>
      repository.completeIdempotencyKey(completion),
    );
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(2);
    // The first request's own completion is refused and names the winner's outcome.
    const stale = first.session.commit(jsonReply(201, { id: 'M1' }), (completion) =>
      repository.completeIdempotencyKey(completion),
    );
    await expect(stale).rejects.toBeInstanceOf(IdempotencyLeaseLostError);
    // After a refused fence, finishing writes nothing (no release of the winner's key, no outcome).
    await first.session.finish(jsonReply(503, {}));
    const replay = await startIdempotent(repository, request({ now: 1_000_100 }));
    expect(replay).toMatchObject({ kind: 'replay', reply: { status: 201, body: '{"id":"M2"}' } });
  });

  it('a 5xx after the lease was taken over releases nothing: the new claim keeps the key', async () => {
    const repository = createMemoryRepository();
    const first = await startIdempotent(repository, request());
    if (first.kind !== 'claimed') throw new Error('expected a claim');
    const now = 1_000_000 + IDEMPOTENCY_LOCK_SECONDS + 1;
    expect((await startIdempotent(repository, request({ now }))).kind).toBe('claimed');
    await first.session.finish(jsonReply(503, {}));
    const problem = await problemOf(startIdempotent(repository, request({ now: now + 1 })));
    expect(problem.slug).toBe('idempotency-in-progress');
  });

  it('checks the key format: 1–255 visible ASCII characters', () => {
    expect(() => checkIdempotencyKey('a')).not.toThrow();
    expect(() => checkIdempotencyKey('~'.repeat(255))).not.toThrow();
    for (const bad of ['', 'a'.repeat(256), 'a b', 'tab\t', 'é'])
      expect(() => checkIdempotencyKey(bad)).toThrow(HttpProblem);
  });
});
