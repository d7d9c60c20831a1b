import { afterAll, beforeAll, describe } from 'vitest';
import { attachmentCases } from './http/attachments.cases.js';
import { authCases } from './http/auth.cases.js';
import { bodyCases } from './http/body.cases.js';
import { Client } from './http/client.js';
import type { SuiteContext } from './http/context.js';
import { corsCases } from './http/cors.cases.js';
import { conversationCases } from './http/conversations.cases.js';
import { idempotencyCases } from './http/idempotency.cases.js';
import { messageCases } from './http/messages.cases.js';
import { metaCases } from './http/meta.cases.js';
import { paginationCases } from './http/pagination.cases.js';
import { readStateCases } from './http/read.cases.js';
import { participantCases } from './http/participants.cases.js';
import type { HttpTarget } from './http/target.js';
import { userCases } from './http/users.cases.js';
import { validatorCases } from './http/validators.cases.js';

export type { HttpTarget, TokenOptions } from './http/target.js';

/**
 * Parley's HTTP contract: every route and every semantic of SPEC "API v1", written once and run
 * through every target (in-process app, Worker in workerd, Lambda handler, Node server). Each test
 * uses fresh user ids and handles, so the suite may run against a shared, persistent store.
 *
 * `setup` runs once before the cases; `close` (if any) once after.
 */
export function describeHttpContract(name: string, setup: () => Promise<HttpTarget>): void {
  describe(`HTTP contract: ${name}`, () => {
    let target: HttpTarget | undefined;
    let client: Client | undefined;
    beforeAll(async () => {
      target = await setup();
      client = new Client(target);
    });
    afterAll(async () => {
      await target?.close?.();
    });
    const ctx: SuiteContext = {
      client: () => client ?? fail(),
      target: () => target ?? fail(),
    };
    metaCases(ctx);
    corsCases(ctx);
    bodyCases(ctx);
    authCases(ctx);
    userCases(ctx);
    conversationCases(ctx);
    participantCases(ctx);
    messageCases(ctx);
    readStateCases(ctx);
    attachmentCases(ctx);
    paginationCases(ctx);
    idempotencyCases(ctx);
    validatorCases(ctx);
  });
}

function fail(): never {
  throw new Error('the HTTP contract target is not set up (did setup() fail?)');
}
