import { AuthUnavailableError } from '../auth/errors.js';
import { ConflictError, NotFoundError, StoreUnavailableError, VersionMismatchError } from '../repository/errors.js';
import { HttpProblem, problemReply } from './problem.js';
import type { Reply } from './reply.js';

export type LogSink = (entry: Record<string, unknown>) => void;

/**
 * Anything thrown below a route, as the problem the client sees. Repository and auth errors map
 * to their documented statuses; anything unknown is a 500 whose body says nothing about the
 * cause — the cause is logged with the request id instead.
 */
export function errorToReply(error: unknown, log: LogSink, requestId: string): Reply {
  const problem = toProblem(error);
  if (problem && problem.status < 500) return problemReply(problem);
  log({
    level: 'error',
    msg: problem ? 'request failed: dependency unavailable' : 'request failed: unexpected error',
    requestId,
    error: describeError(error),
  });
  return problemReply(
    problem ??
      new HttpProblem(
        'internal-error',
        `The request could not be completed. Quote request id ${requestId} when reporting this.`,
      ),
  );
}

export function toProblem(error: unknown): HttpProblem | null {
  if (error instanceof HttpProblem) return error;
  if (error instanceof NotFoundError) return new HttpProblem('not-found', 'The resource does not exist.');
  if (error instanceof ConflictError) {
    if (error.reason === 'handle_taken') {
      return new HttpProblem('handle-taken', 'Another user has this handle.');
    }
    if (error.reason === 'not_participant') return conversationNotFound();
    return new HttpProblem('concurrent-update', 'The resource was created by another request; retry.');
  }
  if (error instanceof VersionMismatchError) return staleVersion();
  if (error instanceof StoreUnavailableError) return unavailable(error.retryAfterSeconds);
  if (error instanceof AuthUnavailableError) return unavailable(5);
  return null;
}

/** One body for "missing" and "not yours", so a conversation's existence never leaks. */
export function conversationNotFound(): HttpProblem {
  return new HttpProblem('not-found', 'No such conversation.');
}

export function staleVersion(): HttpProblem {
  return new HttpProblem(
    'precondition-failed',
    'The resource has changed: If-Match does not match its current ETag. Fetch it again and retry.',
  );
}

function unavailable(retryAfterSeconds: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new HttpProblem('service-unavailable', 'The service is temporarily unavailable; retry shortly.', {
    headers: { 'retry-after': String(seconds) },
  });
}

/** Name, message and stack for the log; never request data, so no token can end up there. */
function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: String(error) };
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  return { name: error.name, message: error.message, stack: error.stack, ...(cause ? { cause } : {}) };
}
