import type { IdempotencyCompletion, Repository } from '../repository/port.js';
import { LIMITS } from '../domain/rules.js';
import { canonicalJson, sha256 } from './fingerprint.js';
import { HttpProblem } from './problem.js';
import { PROBLEM_BASE } from './problem-types.js';
import type { Reply } from './reply.js';

/** How long a first outcome is kept for replay. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
/** How long an in-flight claim blocks retries before it counts as abandoned. */
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
  /** The completion for `reply`, for a write that records it in the same transaction. */
  completionFor(reply: Reply): IdempotencyCompletion;
  /** Marks the outcome as already recorded by such a write. */
  markRecorded(): void;
  /** Keep a 2xx/4xx outcome for replay; release the key after a 5xx or a `concurrent-update` 409 so a retry can run. */
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
 * Claim `request.key` for the caller and route, or answer from an earlier request with it: the
 * stored outcome (same fingerprint), 422 (another body), or 409 (the first is still running).
 */
export async function startIdempotent(repository: Repository, request: IdempotentRequest): Promise<IdempotencyStart> {
  // Keys are per caller and route; hashed so any key fits any store's key rules.
  const key = await sha256(JSON.stringify([request.caller, request.operationId, request.key]));
  const fingerprint = await sha256(`${request.method} ${request.path}\n${canonicalJson(request.body)}`);
  const expiresAt = request.now + IDEMPOTENCY_TTL_SECONDS;
  const lockedUntil = request.now + IDEMPOTENCY_LOCK_SECONDS;
  const claim = await repository.claimIdempotencyKey({ key, fingerprint, expiresAt, lockedUntil, now: request.now });
  if (!claim.claimed) {
    const existing = claim.existing;
    if (existing.fingerprint !== fingerprint) {
      throw new HttpProblem(
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request; use a new key for a new request.',
      );
    }
    if (existing.state === 'completed' && existing.response) {
      return { kind: 'replay', reply: { ...existing.response, body: existing.response.body || null } };
    }
    const wait = Math.max(1, existing.lockedUntil - request.now);
    throw new HttpProblem(
      'idempotency-in-progress',
      'A request with this Idempotency-Key is still in progress; retry later.',
      {
        headers: { 'retry-after': String(Math.min(wait, IDEMPOTENCY_LOCK_SECONDS)) },
      },
    );
  }
  let recorded = false;
  const completionFor = (reply: Reply): IdempotencyCompletion => ({
    key,
    fingerprint,
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
      completionFor,
      markRecorded: () => {
        recorded = true;
      },
      async finish(reply) {
        if (reply.status >= 500 || isTransientConflict(reply)) await repository.releaseIdempotencyKey(key);
        else if (!recorded) await repository.completeIdempotencyKey(completionFor(reply));
      },
    },
  };
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
