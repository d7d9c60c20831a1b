import type { Namespaces } from '../../src/repository/durable-object/index.js';
import type { Env } from './env.js';

/** The four Durable Object bindings (and `DO_LOCATION_HINT`) as the backend's `Namespaces`. */
export function namespacesOf(env: Env): Namespaces {
  const { PARLEY_CONVERSATIONS, PARLEY_USERS, PARLEY_HANDLES, PARLEY_IDEMPOTENCY, DO_LOCATION_HINT } = env;
  if (!PARLEY_CONVERSATIONS || !PARLEY_USERS || !PARLEY_HANDLES || !PARLEY_IDEMPOTENCY) {
    throw new TypeError('a Durable Object binding of the durable-object backend is missing');
  }
  return {
    conversations: PARLEY_CONVERSATIONS,
    users: PARLEY_USERS,
    handles: PARLEY_HANDLES,
    idempotency: PARLEY_IDEMPOTENCY,
    ...(env.PARLEY_SOCKETS ? { sockets: env.PARLEY_SOCKETS } : {}),
    ...(DO_LOCATION_HINT?.trim() ? { locationHint: DO_LOCATION_HINT.trim() } : {}),
  };
}
