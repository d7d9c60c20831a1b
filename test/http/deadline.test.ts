import { describe, expect, it } from 'vitest';
import { PLATFORM_MARGIN_MS, REQUEST_BUDGET_MS, requestDeadlines } from '../../src/http/deadline.js';
import { IDEMPOTENCY_LOCK_SECONDS } from '../../src/http/idempotency.js';

describe('request deadlines', () => {
  const now = () => 0;

  it('the work of a request ends at half its lease; its outcome may be written until the lease ends', () => {
    expect(REQUEST_BUDGET_MS).toBe((IDEMPOTENCY_LOCK_SECONDS * 1000) / 2);
    const { work, outcome } = requestDeadlines(1_000, now, undefined);
    expect(work.at).toBe(1_000 + REQUEST_BUDGET_MS);
    expect(outcome.at).toBe(1_000 + IDEMPOTENCY_LOCK_SECONDS * 1000);
    expect(work.now).toBe(now);
  });

  it('a platform that grants less (Lambda: getRemainingTimeInMillis) shortens both, keeping a margin for the work', () => {
    const { work, outcome } = requestDeadlines(1_000, now, { timeRemainingMs: 9_500 });
    expect(work.at).toBe(1_000 + 9_500 - PLATFORM_MARGIN_MS);
    expect(outcome.at).toBe(1_000 + 9_500);
  });

  it("ignores bindings that are a platform's own (a Worker's env, Node's incoming/outgoing)", () => {
    for (const bindings of [{ PARLEY_KV: {} }, { incoming: {}, outgoing: {} }, { timeRemainingMs: 'soon' }, null]) {
      expect(requestDeadlines(0, now, bindings).work.at).toBe(REQUEST_BUDGET_MS);
    }
  });
});
