import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigures } from '../support/figures.js';
import { expectNoSecrets } from '../support/secrets.js';
import type { HardeningTarget } from '../support/targets.js';
import { seedWorld } from '../support/world.js';
import { operations } from '../fuzz/openapi.js';
import { requestsFor, toRequest, type FuzzWorld } from '../fuzz/request-arbitrary.js';
import { violation } from '../fuzz/response-check.js';

/** Seeded, so a failure replays: `PARLEY_FUZZ_SEED=<seed> npx vitest run test/hardening/fuzz.test.ts`. */
export const FUZZ_SEED = Number(process.env.PARLEY_FUZZ_SEED ?? 20260501);
/** Cases per operation per target (at least 200, so every schema branch is reached). */
export const FUZZ_RUNS = Number(process.env.PARLEY_FUZZ_RUNS ?? 200);

/**
 * Campaign 1: for every operation of `openapi/openapi.json`, `FUZZ_RUNS` generated requests
 * (wrong types, missing and extra fields, huge strings, bad UTF-8, bad ids and cursors, wrong
 * content types, malformed JSON, duplicated headers) against `setup()`'s target. Pass: no 5xx,
 * documented statuses only, problem+json 4xx whose `status` matches, 2xx bodies per schema.
 */
export function describeFuzz(setup: () => Promise<HardeningTarget>): void {
  describe('campaign 1: OpenAPI fuzzing', () => {
    let target: HardeningTarget;
    let world: FuzzWorld;
    const tally = { cases: 0, ok2xx: 0, problems4xx: 0, statuses: new Set<number>() };
    beforeAll(async () => {
      target = await setup();
      const seeded = await seedWorld(target);
      world = {
        tokens: { owner: seeded.alice.token, peer: seeded.bob.token, stranger: seeded.mallory.token },
        userIds: [seeded.alice.id, seeded.bob.id, seeded.mallory.id],
        handles: [seeded.handles.alice, seeded.handles.bob],
        conversationId: seeded.conversationId,
        messageId: seeded.messageId,
      };
    });
    afterAll(async () => {
      expectNoSecrets(target, 'fuzz');
      await target?.close();
    });

    for (const op of operations()) {
      it(`${op.method} ${op.path} (${op.operationId})`, { timeout: 120_000 }, async () => {
        const base = target.baseUrl ?? 'http://parley.test';
        await fc.assert(
          fc.asyncProperty(requestsFor(op, world), async (c) => {
            const response = await target.fetch(toRequest(base, c));
            const observed = {
              status: response.status,
              contentType: response.headers.get('content-type') ?? '',
              text: await response.text(),
            };
            tally.cases += 1;
            tally.statuses.add(observed.status);
            if (observed.status < 300) tally.ok2xx += 1;
            else if (observed.status < 500) tally.problems4xx += 1;
            const broken = violation(op, observed);
            if (broken) throw new Error(`${broken}\n${observed.text.slice(0, 500)}`);
          }),
          { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
        );
      });
    }

    it('figures', (context) => {
      recordFigures(context, 'fuzz', target.name, {
        operations: operations().length,
        cases: tally.cases,
        '2xx': tally.ok2xx,
        '4xx': tally.problems4xx,
        statuses: [...tally.statuses].sort().join('/'),
        seed: FUZZ_SEED,
      });
      expect(tally.cases).toBeGreaterThanOrEqual(operations().length * FUZZ_RUNS);
    });
  });
}
