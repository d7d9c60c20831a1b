import type { ClaimResult, IdempotencyClaim, IdempotencyCompletion } from '../port.js';
import { call, type DurableObjectContext } from './context.js';
import { objectOf } from './namespaces.js';

const keyObject = (context: DurableObjectContext, key: string) => objectOf(context, context.idempotency, key);

export async function claimIdempotencyKey(
  context: DurableObjectContext,
  claim: IdempotencyClaim,
): Promise<ClaimResult> {
  const result = await call(context, 'idempotency key', () => keyObject(context, claim.key).claim(claim));
  return result.claimed ? { claimed: true } : result;
}

export async function completeIdempotencyKey(
  context: DurableObjectContext,
  completion: IdempotencyCompletion,
): Promise<void> {
  await call(context, 'idempotency key', () => keyObject(context, completion.key).complete(completion));
}

export async function releaseIdempotencyKey(context: DurableObjectContext, key: string, token: string): Promise<void> {
  await call(context, 'idempotency key', () => keyObject(context, key).release(key, token));
}
