import { AuthUnavailableError } from '../auth/errors.js';
import {
  ConflictError,
  IdempotencyLeaseLostError,
  NotFoundError,
  StoreUnavailableError,
  VersionMismatchError,
} from '../repository/errors.js';
import { answerFromRecord, IDEMPOTENCY_LOCK_SECONDS, inProgress } from './idempotency.js';
import { HttpProblem, problemReply } from './problem.js';
import type { Reply } from './reply.js';

export type LogSink = (entry: Record<string, unknown>) => void;

/** What the mapping needs to know of the request whose handler threw. */
export interface ErrorContext {
  log: LogSink;
  requestId: string;
  /** The operation's 404 detail (`OperationSpec.notFound`). */
  notFound?: string | undefined;
  /** The request carried `If-Match` or `If-None-Match`: a write that lost a race then fails that precondition. */
  conditional?: boolean;
  /** Epoch seconds on the app's clock, for the `Retry-After` of a lost idempotency lease. */
  now?: number;
  /** The request's telemetry scope: its trace id goes into the log line, an unhandled error is marked on it. */
  scope?: { traceId: string; unhandledError: boolean };
}

/**
 * The one place where anything thrown below a route becomes the problem the client sees.
 * Repository and auth errors map to their documented statuses; anything unknown is a 500 whose
 * body says nothing about the cause — the cause is logged with the request id instead.
 */
export function errorToReply(error: unknown, context: ErrorContext): Reply {
  if (error instanceof IdempotencyLeaseLostError) return lostLease(error, context.now);
  const problem = toProblem(error, context);
  if (problem && problem.status < 500) return problemReply(problem);
  if (!problem && context.scope) context.scope.unhandledError = true;
  context.log({
    level: 'error',
    msg: problem ? 'request failed: dependency unavailable' : 'request failed: unexpected error',
    requestId: context.requestId,
    ...(context.scope ? { traceId: context.scope.traceId } : {}),
    error: describeError(error),
  });
  return problemReply(problem ?? internalError(context.requestId));
}

/**
 * Repository errors, by the rules every route shares:
 * - `NotFoundError`, and a caller who is not a participant: the operation's own 404 (the two read
 *   alike, so a conversation's existence never leaks);
 * - a write that lost a race (`VersionMismatchError`, `ConflictError('exists')`, or a record gone
 *   meanwhile): 412 when the client sent a precondition — it no longer holds — else 409
 *   `concurrent-update`, which tells the client to retry;
 * - a store or identity provider that is down: 503 with `Retry-After`.
 */
function toProblem(error: unknown, context: Omit<ErrorContext, 'log' | 'requestId'>): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  const lostRace =
    error instanceof VersionMismatchError || (error instanceof ConflictError && error.reason === 'exists');
  if (context.conditional && (lostRace || error instanceof NotFoundError)) return staleVersion();
  if (error instanceof NotFoundError || (error instanceof ConflictError && error.reason === 'not_participant')) {
    return new HttpProblem('not-found', context.notFound ?? 'The resource does not exist.');
  }
  if (error instanceof ConflictError && error.reason === 'handle_taken') {
    return new HttpProblem('handle-taken', 'Another user has this handle.');
  }
  if (lostRace) return new HttpProblem('concurrent-update', 'The resource changed while this request ran; retry.');
  if (error instanceof StoreUnavailableError) return unavailable(error.retryAfterSeconds);
  if (error instanceof AuthUnavailableError) return unavailable(5);
  return null;
}

/**
 * A write refused by its idempotency fence (this request's lease lapsed and another request took the
 * key over): nothing was written, and the answer is the one any retry with the key gets now — the
 * winner's outcome replayed when it is stored, 422 if the winner sent another body, else 409
 * `idempotency-in-progress` with the rest of the winner's lease as `Retry-After` (1 s when no record
 * holds the key: the retry claims it afresh).
 */
function lostLease(error: IdempotencyLeaseLostError, now: number | undefined): Reply {
  const { current } = error;
  try {
    if (!current) throw inProgress(1);
    return answerFromRecord(current, error.fingerprint, now ?? current.lockedUntil - IDEMPOTENCY_LOCK_SECONDS);
  } catch (problem) {
    if (problem instanceof HttpProblem) return problemReply(problem);
    throw problem;
  }
}

/** One body for "missing" and "not yours", so a conversation's existence never leaks. */
export function conversationNotFound(): HttpProblem {
  return new HttpProblem('not-found', CONVERSATION_NOT_FOUND);
}

export const CONVERSATION_NOT_FOUND = 'No such conversation.';

export function staleVersion(): HttpProblem {
  return new HttpProblem(
    'precondition-failed',
    'The resource has changed: If-Match does not match its current ETag. Fetch it again and retry.',
  );
}

export function internalError(requestId: string): HttpProblem {
  return new HttpProblem(
    'internal-error',
    `The request could not be completed. Quote request id ${requestId} when reporting this.`,
  );
}

export function unavailable(
  retryAfterSeconds: number,
  detail = 'The service is temporarily unavailable; retry shortly.',
) {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new HttpProblem('service-unavailable', detail, { headers: { 'retry-after': String(seconds) } });
}

/** Name, message and stack for the log; never request data, so no token can end up there. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  return { name: error.name, message: error.message, stack: error.stack, ...(cause ? { cause } : {}) };
}
