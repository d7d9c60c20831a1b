import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoRepository } from '../../src/repository/dynamodb/index.js';
import type { Caller, Result } from '../contract/http/client.js';
import { dynamodbEndpoint, freshTable, transports } from '../repository/dynamodb-fixtures.js';
import { gatedTransport, type HeldCall, instancesOn, manualClock } from '../support/stalls.js';
import { recordFigures } from './support/figures.js';

/**
 * Campaign 9 — stalls longer than the idempotency lease (FAULT INJECTION: gated and throttling
 * transports). Two app instances share ONE DynamoDB Local table and one clock the campaign moves by
 * hand, so a 60 s lease lapses without waiting 60 s. For each key a client posts one message and
 * retries every failure (a timeout, a 409, a 503) with the same Idempotency-Key, alternating between
 * the instances and waiting what `Retry-After` says (on the clock). The first attempt of each key,
 * on instance A, meets one of the stalls below; the stalled requests are let go only after the
 * client is done (past their leases, and past their deadlines: one that wakes before its next store
 * call stops there with a 503; one whose transaction was already on its way is refused by the fence). Then every key must hold exactly one message, and every 201 anyone got for it —
 * the client's, a stalled request's, a later replay — must name that message.
 */
const KEYS = 20;
/** How long the client waits for an answer before it retries (on the manual clock). */
const CLIENT_TIMEOUT_MS = 15_000;
const MAX_ATTEMPTS = 12;

const STALLS = [
  'frozen before its read',
  'frozen with its transaction',
  'answer stuck after the commit',
  'store throttling',
] as const;
type Stall = (typeof STALLS)[number];

describe('campaign 9: stalls longer than the lease (fault injection; two instances, one DynamoDB Local table)', () => {
  const clock = manualClock();
  let gateA: ReturnType<typeof gatedTransport>;
  let onA: Caller;
  let onB: Caller;

  beforeAll(async () => {
    const endpoint = dynamodbEndpoint();
    const tableName = await freshTable(transports.aws4fetch(endpoint), 'hard-stalls');
    gateA = gatedTransport(transports.aws4fetch(endpoint), clock);
    const retry = { baseDelayMs: 1, maxDelayMs: 4 };
    const [a, b] = instancesOn('stalls', clock, [
      { name: 'a', repository: createDynamoRepository({ transport: gateA.transport, tableName, retry }) },
      {
        name: 'b',
        repository: createDynamoRepository({ transport: transports.aws4fetch(endpoint), tableName, retry }),
      },
    ]);
    if (!a || !b) throw new Error('two instances expected');
    const user = `client-${crypto.randomUUID()}`;
    [onA, onB] = await Promise.all([a.client.as(user), b.client.as(user)]);
  });
  afterAll(() => gateA?.openAll());

  /** Arm instance A for `stall`; the held call, when the stall is one. */
  function arm(stall: Stall): HeldCall | undefined {
    switch (stall) {
      case 'frozen before its read':
        return gateA.hold('GetItem');
      case 'frozen with its transaction':
        return gateA.hold('TransactWriteItems');
      case 'answer stuck after the commit':
        return gateA.hold('TransactWriteItems', 'after');
      case 'store throttling':
        // Every attempt of the post transaction is throttled and takes 8 s: 80 s if nothing stopped it.
        gateA.throttle('TransactWriteItems', 10, 8_000);
        return undefined;
    }
  }

  it(`${KEYS} keys, each first attempt stalled on instance A, the client retrying every failure with its key`, async (context) => {
    const counts = { attempts: 0, maxAttempts: 0, timeouts: 0, '409': 0, '503': 0, stalledPastLease: 0 };
    const clientSaw: Record<string, number> = {};
    const stalledAnswers: Record<string, number> = {};
    const perKey: number[] = [];
    let recordsNamingDelivered = 0;
    const startedAt = clock.ms();

    for (let k = 0; k < KEYS; k++) {
      const stall = STALLS[k % STALLS.length] as Stall;
      const created = await onB.call('POST', '/v1/conversations', { json: { participantIds: [] } });
      expect(created.status, created.text).toBe(201);
      const path = `/v1/conversations/${created.body.id}/messages`;
      const key = `stall-key-${k}-${crypto.randomUUID()}`;
      const post = (caller: Caller) =>
        caller.call('POST', path, { json: { body: `message ${k}` }, headers: { 'idempotency-key': key } });

      let held = arm(stall);
      const stalled: Array<Promise<Result>> = [];
      const seen: Result[] = [];
      let attempt = 0;
      for (; attempt < MAX_ATTEMPTS; attempt++) {
        const pending = post(attempt % 2 === 0 ? onA : onB);
        const first = await Promise.race([
          pending.then((result) => ({ result })),
          ...(held ? [held.arrived.then(() => ({ result: null }))] : []),
        ]);
        if (first.result === null) {
          // No answer in time: the client gives up on this one and retries later.
          stalled.push(pending);
          counts.timeouts += 1;
          held = undefined;
          clock.advance(CLIENT_TIMEOUT_MS);
          continue;
        }
        seen.push(first.result);
        if (first.result.status === 201) break;
        const status = String(first.result.status);
        if (status === '409' || status === '503') {
          counts[status] += 1;
          clientSaw[`${stall}: ${status}`] = (clientSaw[`${stall}: ${status}`] ?? 0) + 1;
        } else throw new Error(`unexpected answer ${first.result.status}: ${first.result.text}`);
        clock.advance(Number(first.result.headers.get('retry-after') ?? 1) * 1000);
      }
      counts.attempts += attempt + 1;
      counts.maxAttempts = Math.max(counts.maxAttempts, attempt + 1);
      const delivered = seen.at(-1);
      expect(delivered?.status, `key ${k} (${stall}) never succeeded`).toBe(201);

      // The stalled requests wake up, long after their leases.
      gateA.openAll();
      for (const late of await Promise.all(stalled)) {
        counts.stalledPastLease += 1;
        const answer = late.status === 201 && late.headers.get('idempotent-replayed') ? '201 replay' : late.status;
        const label = `${stall}: ${answer}`;
        stalledAnswers[label] = (stalledAnswers[label] ?? 0) + 1;
        // Its answer names the one message (its own when its commit had landed, else the winner's,
        // replayed), or it wrote nothing and says retry: a 409, or a 503 when it woke past its
        // deadline before its next store call.
        if (late.status === 201) expect(late.body.id).toBe(delivered?.body.id);
        else expect(late.body.type).toMatch(/(idempotency-in-progress|service-unavailable)$/);
      }

      const listed = await onB.call('GET', `${path}?limit=100`);
      perKey.push(listed.body.items.length);
      expect(
        listed.body.items.map((m: { id: string }) => m.id),
        `key ${k} (${stall})`,
      ).toEqual([delivered?.body.id]);
      const replay = await post(onA);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      if (replay.body.id === delivered?.body.id) recordsNamingDelivered += 1;
    }

    expect(perKey).toEqual(Array(KEYS).fill(1));
    expect(recordsNamingDelivered).toBe(KEYS);
    const list = (tally: Record<string, number>) =>
      Object.entries(tally)
        .map(([what, n]) => `${n}×[${what}]`)
        .join(' ');
    recordFigures(context, 'stalls', 'two node apps, one DynamoDB Local table', {
      keys: KEYS,
      stalls: KEYS,
      'requests stalled past their lease': counts.stalledPastLease,
      'their late answers': list(stalledAnswers),
      'client attempts': counts.attempts,
      'max per key': counts.maxAttempts,
      'client timeouts': counts.timeouts,
      'client answers before its 201': list(clientSaw),
      'messages per key': `${Math.min(...perKey)}..${Math.max(...perKey)}`,
      duplicates: perKey.reduce((sum, n) => sum + n - 1, 0),
      'records naming the delivered message': `${recordsNamingDelivered}/${KEYS}`,
      'simulated seconds': Math.round((clock.ms() - startedAt) / 1000),
    });
  });
});
