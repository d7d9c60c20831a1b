import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoRepository, type DynamoTransport } from '../../src/repository/dynamodb/index.js';
import type { Caller } from '../contract/http/client.js';
import { makeUser } from '../contract/repository/fixtures.js';
import { dynamodbEndpoint, freshTable, transports } from '../repository/dynamodb-fixtures.js';
import { gatedTransport, instancesOn, manualClock } from '../support/stalls.js';

// Regression test of issue 12: a request that stalls between its idempotency claim and its commit
// for longer than the claim's 60 s lease must not commit once another request has taken the key over.
// Two app instances share ONE DynamoDB Local table and one clock the test moves by hand; the stall
// is FAULT INJECTION: instance A's transport holds its post transaction at a gate.
describe('idempotency under a stall longer than the lease (fault injection: a gated transport, two app instances, one DynamoDB Local table)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  async function setup() {
    const endpoint = dynamodbEndpoint();
    const tableName = await freshTable(transports.aws4fetch(endpoint), 'stall');
    const clock = manualClock();
    const gateA = gatedTransport(transports.aws4fetch(endpoint));
    cleanups.push(() => gateA.openAll());
    const [a, b] = instancesOn('stall', clock, [
      { name: 'a', repository: createDynamoRepository({ transport: gateA.transport, tableName }) },
      { name: 'b', repository: createDynamoRepository({ transport: transports.aws4fetch(endpoint), tableName }) },
    ]);
    if (!a || !b) throw new Error('two instances expected');
    const user = `alice-${crypto.randomUUID()}`;
    const [onA, onB] = await Promise.all([a.client.as(user), b.client.as(user)]);
    return { clock, gateA, onA: onA as Caller, onB: onB as Caller };
  }

  it('fault injection: instance A stalls past the lease, B takes the key over and posts; A resumes and writes nothing', async () => {
    const { clock, gateA, onA, onB } = await setup();
    const created = await onA.call('POST', '/v1/conversations', { json: { participantIds: [] } });
    expect(created.status, created.text).toBe(201);
    const path = `/v1/conversations/${created.body.id}/messages`;
    const send = (caller: Caller) =>
      caller.call('POST', path, { json: { body: 'exactly once' }, headers: { 'idempotency-key': 'stalled-key' } });

    // A claims the key, reads the conversation, and is frozen with its post transaction in hand.
    const held = gateA.hold('TransactWriteItems');
    const stalled = send(onA);
    await held.arrived;

    // The client retries through B while A's lease holds: 409, told to wait at most the lease.
    const early = await send(onB);
    expect(early.status, early.text).toBe(409);
    expect(early.body.type).toBe('https://parley.dev/problems/idempotency-in-progress');
    expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(60);

    // The lease lapses; the next retry takes the key over on B and posts.
    clock.advance(61_000);
    const winner = await send(onB);
    expect(winner.status, winner.text).toBe(201);
    const m2 = winner.body.id as string;

    // A wakes up: its transaction goes to DynamoDB with its old claim.
    held.open();
    const late = await stalled;

    // Exactly one message for the key: the one the client got.
    const listed = await onB.call('GET', `${path}?limit=100`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([m2]);
    // A answered without writing anything: with the winner's outcome, replayed (the refused
    // transaction returned the record that holds the key, so no extra read was needed).
    expect(late.status, late.text).toBe(201);
    expect(late.body.id).toBe(m2);
    expect(late.headers.get('idempotent-replayed')).toBe('true');
    // The key's record still names the message the client got, on either instance.
    for (const caller of [onA, onB]) {
      const replay = await send(caller);
      expect(replay.status, replay.text).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.id).toBe(m2);
    }
    // Nothing older appears after: a client that synced up to m2 has seen everything.
    const after = await onB.call('GET', `${path}?after=${m2}`);
    expect(after.body.items).toEqual([]);
    const conversation = await onB.call('GET', `/v1/conversations/${created.body.id}`);
    expect(conversation.body.lastMessageId).toBe(m2);
  });

  it('fault injection: a request that keeps losing races while its time runs out answers 503 at its deadline, and its key is free for the retry', async () => {
    const endpoint = dynamodbEndpoint();
    const tableName = await freshTable(transports.aws4fetch(endpoint), 'stall-deadline');
    const clock = manualClock();
    const clean = createDynamoRepository({ transport: transports.aws4fetch(endpoint), tableName });
    let rival = true;
    let transactions = 0;
    // Each of the app's transactions meets a rename that got in first, and the round took 20 s.
    const racing: DynamoTransport = async (operation, input, call) => {
      if (operation === 'TransactWriteItems' && rival) {
        transactions += 1;
        const id = (
          input as { TransactItems: Array<{ Update?: { Key: { PK: { S: string } } } }> }
        ).TransactItems[0]?.Update?.Key.PK.S.slice('CONV#'.length);
        const current = id ? await clean.getConversation(id) : null;
        if (current) await clean.updateConversation({ ...current, version: current.version + 1 }, current.version);
        clock.advance(20_000);
      }
      return transports.aws4fetch(endpoint)(operation, input, call);
    };
    const [app] = instancesOn('stall-deadline', clock, [
      { name: 'racing', repository: createDynamoRepository({ transport: racing, tableName }) },
    ]);
    if (!app) throw new Error('one instance expected');
    const alice = await app.client.as(`alice-${crypto.randomUUID()}`);
    await clean.saveUser(makeUser({ id: 'bob' }), 'absent'); // a participant must have a profile
    rival = false;
    const created = await alice.call('POST', '/v1/conversations', { json: { participantIds: [] } });
    expect(created.status, created.text).toBe(201);
    rival = true;
    const add = () =>
      alice.call('POST', `/v1/conversations/${created.body.id}/participants`, {
        json: { participantIds: ['bob'] },
        headers: { 'idempotency-key': 'add-bob' },
      });
    const gaveUp = await add();
    expect(gaveUp.status, gaveUp.text).toBe(503);
    expect(gaveUp.body.type).toBe('https://parley.dev/problems/service-unavailable');
    expect(Number(gaveUp.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Two rounds fit in the 30 s budget; the third read would have started past it.
    expect(transactions).toBe(2);
    rival = false;
    const retried = await add();
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body.participantIds).toContain('bob');
  });
});
