import { HttpProblem, problemReply } from './problem.js';
import { toResponse } from './reply.js';

/**
 * The answer to every request while the Worker's configuration is invalid: a 500 problem that names
 * the bad variables (the detail comes from `ConfigError`, which never carries values) so whoever
 * deploys sees what to fix, instead of an opaque error on every route.
 */
export function configFailureResponse(detail: string): Response {
  return toResponse(problemReply(new HttpProblem('internal-error', detail)), {
    'x-request-id': crypto.randomUUID(),
    'cache-control': 'no-store',
  });
}
