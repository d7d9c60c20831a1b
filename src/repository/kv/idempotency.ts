import { IdempotencyLeaseLostError } from '../errors.js';
import type { ClaimResult, IdempotencyClaim, IdempotencyCompletion, IdempotencyRecord } from '../port.js';
import { completedRecord, holdsClaim, idempotencyRecordHolds, inProgressRecord, leaseLost } from '../preconditions.js';
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

const readBoth = (context: KvContext, key: string) =>
  Promise.all([
    context.kv.read<IdempotencyRecord>(idempotencyOutcomeKey(key)),
    context.kv.read<IdempotencyRecord>(idempotencyClaimKey(key)),
  ]);

/**
 * The claim and the outcome live under two keys: a request writes its claim and then its outcome
 * within a second, and one key takes one write per second. Read both, then write the claim — two
 * requests racing with one key may both claim it (KV has no compare-and-set).
 */
export async function claimIdempotencyKey(context: KvContext, claim: IdempotencyClaim): Promise<ClaimResult> {
  const [outcome, pending] = await readBoth(context, claim.key);
  // A live outcome wins; a claim counts only while neither its expiry nor its lock has passed.
  const existing = live(outcome, claim.now) ?? live(pending, claim.now);
  if (existing) return { claimed: false, existing };
  await context.kv.write(idempotencyClaimKey(claim.key), inProgressRecord(claim), {
    ttlSeconds: ttlFor(claim.now, claim.expiresAt),
  });
  return { claimed: true };
}

/**
 * The fence, best effort (`capabilities.fencedIdempotency` is false): read the claim and the outcome
 * and refuse (`IdempotencyLeaseLostError`) unless the key is still in progress under the completion's
 * token, with no outcome stored. Called before the write the completion belongs to; a takeover
 * between this read and the write, or one this location does not see yet (KV is eventually
 * consistent), slips through.
 */
export async function checkClaim(context: KvContext, completion: IdempotencyCompletion | undefined): Promise<void> {
  if (!completion) return;
  const [outcome, pending] = await readBoth(context, completion.key);
  if (outcome) throw leaseLost(completion, outcome);
  if (!holdsClaim(pending, completion.token)) throw leaseLost(completion, pending);
}

/** Store the outcome, after `checkClaim` passed; `lockedUntil: 0` saves reading the claim again. */
export async function recordCompletion(context: KvContext, completion: IdempotencyCompletion): Promise<void> {
  const ttlSeconds = ttlFor(context.now() / 1000, completion.expiresAt);
  await context.kv.write(idempotencyOutcomeKey(completion.key), completedRecord(completion, 0), { ttlSeconds });
}

/** Fenced like every completion (best effort); this token's outcome already stored (a resend) is done. */
export async function completeIdempotencyKey(context: KvContext, completion: IdempotencyCompletion): Promise<void> {
  try {
    await checkClaim(context, completion);
  } catch (error) {
    const current = error instanceof IdempotencyLeaseLostError ? error.current : null;
    if (current?.state === 'completed' && current.token === completion.token) return;
    throw error;
  }
  await recordCompletion(context, completion);
}

/** Only this token's claim is dropped (read, then delete: best effort); an outcome stays replayable. */
export async function releaseIdempotencyKey(context: KvContext, key: string, token: string): Promise<void> {
  const pending = await context.kv.read<IdempotencyRecord>(idempotencyClaimKey(key));
  if (holdsClaim(pending, token)) await context.kv.remove(idempotencyClaimKey(key));
}
