import type { ClaimResult, IdempotencyClaim, IdempotencyCompletion, IdempotencyRecord } from '../port.js';
import { idempotencyRecordHolds, inProgressRecord } from '../preconditions.js';
import type { KvContext } from './context.js';
import { idempotencyClaimKey, idempotencyOutcomeKey } from './keys.js';

// KV refuses expirations under 60 s (https://developers.cloudflare.com/kv/api/write-key-value-pairs/);
// a record may then outlive its `expiresAt`, which every read checks anyway.
const MIN_TTL_SECONDS = 60;

/** Seconds until `expiresAt` (epoch seconds) from `now` (epoch seconds, possibly fractional), ≥ KV's minimum. */
function ttlFor(now: number, expiresAt: number): number {
  return Math.max(MIN_TTL_SECONDS, Math.ceil(expiresAt - now));
}

const live = (record: IdempotencyRecord | null, now: number) =>
  record !== null && idempotencyRecordHolds(record, now) ? record : null;

/**
 * The claim and the outcome live under two keys: a request writes its claim and then its outcome
 * within a second, and one key takes one write per second. Read both, then write the claim — two
 * requests racing with one key may both claim it (KV has no compare-and-set).
 */
export async function claimIdempotencyKey(context: KvContext, claim: IdempotencyClaim): Promise<ClaimResult> {
  const { kv } = context;
  const [outcome, pending] = await Promise.all([
    kv.read<IdempotencyRecord>(idempotencyOutcomeKey(claim.key)),
    kv.read<IdempotencyRecord>(idempotencyClaimKey(claim.key)),
  ]);
  // A live outcome wins; a claim counts only while neither its expiry nor its lock has passed.
  const existing = live(outcome, claim.now) ?? live(pending, claim.now);
  if (existing) return { claimed: false, existing };
  await kv.write(idempotencyClaimKey(claim.key), inProgressRecord(claim), {
    ttlSeconds: ttlFor(claim.now, claim.expiresAt),
  });
  return { claimed: true };
}

/** A completed record needs no lock; `lockedUntil: 0` saves reading the claim first. */
export async function completeIdempotencyKey(context: KvContext, completion: IdempotencyCompletion): Promise<void> {
  const record: IdempotencyRecord = {
    key: completion.key,
    fingerprint: completion.fingerprint,
    state: 'completed',
    response: completion.response,
    expiresAt: completion.expiresAt,
    lockedUntil: 0,
  };
  const ttlSeconds = ttlFor(context.now() / 1000, completion.expiresAt);
  await context.kv.write(idempotencyOutcomeKey(completion.key), record, { ttlSeconds });
}

/** Only the claim key is dropped: an outcome, once stored, stays replayable. */
export async function releaseIdempotencyKey(context: KvContext, key: string): Promise<void> {
  await context.kv.remove(idempotencyClaimKey(key));
}
