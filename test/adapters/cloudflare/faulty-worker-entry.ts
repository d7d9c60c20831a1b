// Test-only Worker: the real Parley Worker (adapters/cloudflare/worker.ts) on the durable-object
// backend, with FAULT INJECTION (a mock used only to make faults happen):
// - in the objects: the classes of ./durable-object-faults.ts, armed with
//   `POST /__faults/object {namespace, name, faults}`;
// - at the Worker's side of the binding: `POST /__faults/overload {calls}` makes the next `calls`
//   calls to a conversation object fail the way an overloaded object does — an Error with
//   `overloaded: true` (https://developers.cloudflare.com/durable-objects/observability/troubleshooting/#durable-object-is-overloaded),
//   which cannot be provoked for real without 1,000+ requests per second to one object.
import worker from '../../../adapters/cloudflare/worker.js';
import type { Env, WorkerContext } from '../../../adapters/cloudflare/env.js';
import { withStubFaults } from './durable-object-faults.js';

export { ConversationObject, HandleObject, IdempotencyObject, UserObject } from './durable-object-faults.js';

let overloadedCalls = 0;
let wrapped: Env | undefined;

function overloaded(): Error {
  return Object.assign(new Error('Durable Object is overloaded. Too many requests queued.'), {
    overloaded: true,
    retryable: false,
  });
}

/** The env with the conversation binding's stubs wrapped (once per isolate, as the app is built once). */
function envWithFaults(env: Env): Env {
  if (wrapped) return wrapped;
  const conversations = env.PARLEY_CONVERSATIONS;
  if (!conversations) throw new Error('PARLEY_CONVERSATIONS is not bound');
  wrapped = {
    ...env,
    PARLEY_CONVERSATIONS: withStubFaults(conversations, () => {
      if (overloadedCalls === 0) return undefined;
      overloadedCalls -= 1;
      return Promise.reject(overloaded());
    }),
  };
  return wrapped;
}

const NAMESPACES = { conversations: 'PARLEY_CONVERSATIONS', users: 'PARLEY_USERS' } as const;

export default {
  async fetch(request: Request, env: Env, ctx: WorkerContext): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/__faults/overload') {
      overloadedCalls = ((await request.json()) as { calls: number }).calls;
      return Response.json({ ok: true });
    }
    if (pathname === '/__faults/object') {
      const {
        namespace,
        name,
        method = 'injectFaults',
        faults,
      } = (await request.json()) as {
        namespace: keyof typeof NAMESPACES;
        name: string;
        method?: string;
        faults?: unknown;
      };
      const binding = env[NAMESPACES[namespace]] as unknown as {
        idFromName(name: string): unknown;
        get(id: unknown): Record<string, (...args: unknown[]) => Promise<unknown>>;
      };
      const stub = binding.get(binding.idFromName(name));
      return Response.json({ value: (await stub[method]?.(faults)) ?? null });
    }
    return worker.fetch(request, envWithFaults(env), ctx);
  },
};
