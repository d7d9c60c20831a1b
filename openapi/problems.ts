import type { ProblemSlug } from '../src/http/problem-types.js';
import type { OperationSpec } from '../src/routes/operation.js';

/** Every problem an operation can answer with: its own, plus the ones its features imply (see `src/routes/bind.ts`). */
export function problemsOf(operation: OperationSpec): ProblemSlug[] {
  const slugs = new Set<ProblemSlug>(operation.problems ?? []);
  if (operation.auth) slugs.add('unauthorized');
  if (operation.params || operation.notFound) slugs.add('not-found');
  if (operation.query) slugs.add('validation-failed');
  if (operation.body) {
    for (const slug of [
      'validation-failed',
      'malformed-json',
      'invalid-header',
      'payload-too-large',
      'unsupported-media-type',
    ] as const)
      slugs.add(slug);
  }
  if (operation.preconditions) slugs.add('invalid-header').add('precondition-failed');
  if (operation.preconditions === 'required') slugs.add('precondition-required');
  if (operation.idempotent) slugs.add('invalid-header').add('idempotency-in-progress').add('idempotency-key-reused');
  // Every route: the request-line and header ceilings (src/http/request-limits.ts).
  slugs.add('uri-too-long').add('header-fields-too-large');
  slugs.add('internal-error');
  if (operation.auth) slugs.add('service-unavailable');
  return [...slugs];
}
