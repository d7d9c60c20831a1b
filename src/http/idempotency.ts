import { LIMITS } from '../domain/rules.js';
import { IdempotencyLeaseLostError } from '../repository/errors.js';
import type { IdempotencyCompletion, IdempotencyRecord, Repository } from '../repository/port.js';
import { canonicalJson, sha256 } from './fingerprint.js';
import { HttpProblem } from './problem.js';
import { PROBLEM_BASE } from './problem-types.js';
import type { Reply } from './reply.js';

/** How long a first outcome is kept for replay. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/**
 * How long an in-flight claim (its lease) blocks retries before it counts as abandoned and another
 * request may take the key over. It outlasts a request by a wide margin: a request's store calls
 * end by its deadline (`REQUEST_BUDGET_MS`, half the lease; `src/http/deadline.ts`), so a lease
 * lapses only under a request that is frozen or dead. Even then its late write is fenced off by
 * the claim's token. Retry-After on a 409 `idempotency-in-progress` is the rest of the lease.
 */
export const IDEMPOTENCY_LOCK_SECONDS = 60;
/** Only these headers of a first response are kept and replayed; `x-request-id` is per request. */
const REPLAYED_HEADERS = ['content-type', 'etag', 'location'];

export interface IdempotentRequest {
  caller: string;
  operationId: string;
  key: string;
  method: string;
  path: string;
  body: unknown;
  /** Epoch seconds. */
  now: number;
}

/** A claimed key: the route runs, then `finish` records (or releases) its outcome. */
export interface IdempotencySession {
  /**
   * Run `write` with the completion for `reply`, so the backend records the outcome in the same
   * (fenced) transaction. A refused fence (`IdempotencyLeaseLostError`: this request's lease lapsed
   * and another took the key) is rethrown, and `finish` then writes nothing.
   */
  commit<T>(reply: Reply, write: (completion: IdempotencyCompletion) => Promise<T>): Promise<T>;
  /**
   * Keep a 2xx/4xx outcome for replay (unless `commit` already did); release the key after a 5xx or
   * a `concurrent-update` 409 so a retry can run. Both are fenced by the claim's token; a completion
   * the fence refuses rejects with `IdempotencyLeaseLostError`, whose answer is the winner's.
   */
  finish(reply: Reply): Promise<void>;
}

export type IdempotencyStart = { kind: 'claimed'; session: IdempotencySession } | { kind: 'replay'; reply: Reply };

/** `Idempotency-Key`: 1–255 visible ASCII characters. */
export function checkIdempotencyKey(key: string): void {
  if (key.length < 1 || key.length > LIMITS.idempotencyKey || !/^[\x21-\x7e]+$/.test(key)) {
    throw new HttpProblem(
      'invalid-header',
      `Idempotency-Key must be 1–${LIMITS.idempotencyKey} visible ASCII characters.`,
    );
  }
}

/**
 * Claim `request.key` for the caller and route under a fresh token, or answer from an earlier
 * request with it (`answerFromRecord`). `outcomes` records or releases the outcome in `finish`: by
 * default `repository`; the app passes one bounded by the lease rather than by the request's deadline,
 * so a request that gave up at its deadline still releases its key for the client's retry.
 */
export async function startIdempotent(
  repository: Repository,
  request: IdempotentRequest,
  outcomes: Repository = repository,
): Promise<IdempotencyStart> {
  // Keys are per caller and route; hashed so any key fits any store's key rules.
  const key = await sha256(JSON.stringify([request.caller, request.operationId, request.key]));
  const fingerprint = await sha256(`${request.method} ${request.path}\n${canonicalJson(request.body)}`);
  const token = crypto.randomUUID();
  const expiresAt = request.now + IDEMPOTENCY_TTL_SECONDS;
  const lockedUntil = request.now + IDEMPOTENCY_LOCK_SECONDS;
  const claim = await repository.claimIdempotencyKey({
    key,
    fingerprint,
    token,
    expiresAt,
    lockedUntil,
    now: request.now,
  });
  if (!claim.claimed) return { kind: 'replay', reply: answerFromRecord(claim.existing, fingerprint, request.now) };

  let recorded = false;
  let fenced = false;
  const completionFor = (reply: Reply): IdempotencyCompletion => ({
    key,
    fingerprint,
    token,
    expiresAt,
    response: {
      status: reply.status,
      headers: Object.fromEntries(Object.entries(reply.headers).filter(([name]) => REPLAYED_HEADERS.includes(name))),
      body: reply.body ?? '',
    },
  });
  return {
    kind: 'claimed',
    session: {
      async commit(reply, write) {
        try {
          const result = await write(completionFor(reply));
          recorded = true;
          return result;
        } catch (error) {
          fenced = error instanceof IdempotencyLeaseLostError;
          throw error;
        }
      },
      async finish(reply) {
        if (fenced || recorded) return;
        if (reply.status >= 500 || isTransientConflict(reply)) await outcomes.releaseIdempotencyKey(key, token);
        else await outcomes.completeIdempotencyKey(completionFor(reply));
      },
    },
  };
}

/**
 * The answer for a request whose key `existing` holds (an earlier request with the same key, or the
 * one that took the key over from this one): its stored outcome when it is completed with the same
 * fingerprint (marked `idempotent-replayed`), 422 for another body, else 409 `idempotency-in-progress`
 * with a `Retry-After` of the rest of its lease. `now` is epoch seconds.
 */
export function answerFromRecord(existing: IdempotencyRecord, fingerprint: string, now: number): Reply {
  if (existing.fingerprint !== fingerprint) {
    throw new HttpProblem(
      'idempotency-key-reused',
      'This Idempotency-Key was already used with a different request; use a new key for a new request.',
    );
  }
  if (existing.state === 'completed' && existing.response) {
    const { status, headers, body } = existing.response;
    return { status, headers: { ...headers, 'idempotent-replayed': 'true' }, body: body || null };
  }
  throw inProgress(existing.lockedUntil - now);
}

/** 409 `idempotency-in-progress`: retry after `seconds` (clamped to 1 s … the lease). */
export function inProgress(seconds: number): HttpProblem {
  const wait = Math.min(Math.max(1, Math.ceil(seconds)), IDEMPOTENCY_LOCK_SECONDS);
  return new HttpProblem(
    'idempotency-in-progress',
    'A request with this Idempotency-Key is still in progress; retry later.',
    {
      headers: { 'retry-after': String(wait) },
    },
  );
}

/**
 * A `concurrent-update` 409 says "retry": keeping it as the key's outcome would replay that 409 to
 * every retry for 24 h, and the request could never succeed under its key.
 */
function isTransientConflict(reply: Reply): boolean {
  if (reply.status !== 409 || !reply.body) return false;
  try {
    return (JSON.parse(reply.body) as { type?: unknown }).type === `${PROBLEM_BASE}concurrent-update`;
  } catch {
    return false;
  }
}
