import type { Repository, RequestDeadline } from './port.js';

/** Every data operation of the port (everything but the backend's name, capabilities and `withDeadline`). */
export type RepositoryOperations = Omit<Repository, 'backend' | 'capabilities' | 'withDeadline'>;

/** The port's operation names, once: `bindOperations` wires exactly these. */
const OPERATION_NAMES = [
  'getUser',
  'getUsers',
  'getUserByHandle',
  'saveUser',
  'deleteUser',
  'createConversation',
  'getConversation',
  'updateConversation',
  'listConversations',
  'markRead',
  'getReadStates',
  'listReadStates',
  'postMessage',
  'getMessage',
  'updateMessage',
  'listMessages',
  'createAttachment',
  'getAttachment',
  'updateAttachment',
  'claimIdempotencyKey',
  'completeIdempotencyKey',
  'releaseIdempotencyKey',
] as const satisfies ReadonlyArray<keyof RepositoryOperations>;

// An operation added to the port must be named above: this stops compiling until it is.
const everyOperationNamed: Exclude<keyof RepositoryOperations, (typeof OPERATION_NAMES)[number]> extends never
  ? true
  : never = true;
void everyOperationNamed;

/**
 * A backend's operations as plain functions of its context (a table and transport, a namespace, an
 * in-memory state). Each backend's operation modules export the port's methods under their port
 * names, and `bindOperations` makes the port object from them, so no backend lists its methods. A
 * synchronous operation (the memory backend's) is answered as a promise, like every other.
 */
export type BackendOperations<C> = {
  [K in keyof RepositoryOperations]: (
    context: C,
    ...args: Parameters<RepositoryOperations[K]>
  ) => ReturnType<RepositoryOperations[K]> | Awaited<ReturnType<RepositoryOperations[K]>>;
};

export function bindOperations<C>(context: C, operations: BackendOperations<C>): RepositoryOperations {
  const bound: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of OPERATION_NAMES) {
    const operation = operations[name] as (context: C, ...args: unknown[]) => unknown;
    bound[name] = async (...args) => operation(context, ...args);
  }
  return bound as unknown as RepositoryOperations;
}

/**
 * A backend's repository whose store calls can be bounded per request: its operations bound to the
 * context `contextFor()` builds, and `withDeadline(d)` binding them again to `contextFor(d)` (whose
 * retries and loops stop at `d`).
 */
export function deadlineAwareRepository<C>(
  header: Pick<Repository, 'backend' | 'capabilities'>,
  contextFor: (deadline?: RequestDeadline) => C,
  operations: BackendOperations<C>,
): Repository {
  const build = (deadline?: RequestDeadline): Repository => ({
    ...header,
    ...bindOperations(contextFor(deadline), operations),
    withDeadline: (next) => build(next),
  });
  return build();
}
