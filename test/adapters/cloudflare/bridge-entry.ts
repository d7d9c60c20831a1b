// Test-only Worker: the repository port, a Workers KV namespace and the backend's Durable Objects
// over HTTP, so the shared repository contract (and the KV and Durable Object fault cases) run from
// Node against backends that live in workerd. Repository calls run INSIDE workerd, on the
// backend's real bindings.
import { namespacesOf } from '../../../adapters/cloudflare/namespaces.js';
import type { Env as WorkerEnv } from '../../../adapters/cloudflare/env.js';
import { createDurableObjectRepository, type Meter } from '../../../src/repository/durable-object/index.js';
import { createApp } from '../../../src/app.js';
import { parseConfig } from '../../../src/config.js';
import { RepositoryError } from '../../../src/repository/errors.js';
import { METERED_APP_SECRET } from './metered-app.js';
import { createKvRepository, type KvNamespaceLike } from '../../../src/repository/kv/index.js';
import type { Repository } from '../../../src/repository/port.js';

// The Durable Object classes, with fault injection (unarmed they are the real ones).
export { ConversationObject, HandleObject, IdempotencyObject, UserObject } from './durable-object-faults.js';

interface Env extends WorkerEnv {
  CONTRACT_KV: KvNamespaceLike;
}

let meteredApp: ((request: Request) => Response | Promise<Response>) | undefined;

/**
 * `/app/…`: the whole app (createApp) on the durable-object backend, each response carrying what its
 * object calls cost (`x-parley-meter`), for the budgets and benchmarks. Requests are measured one
 * at a time (the walk-through is sequential).
 */
async function metered(request: Request, env: Env): Promise<Response> {
  meteredApp ??= createApp({
    config: parseConfig(
      { AUTH_HS256_SECRET: METERED_APP_SECRET, CURSOR_SECRET: METERED_APP_SECRET, STORAGE_BACKEND: 'durable-object' },
      { target: 'test', defaultBackend: 'durable-object', backends: { 'durable-object': () => [] } },
    ),
    repository: createDurableObjectRepository({
      ...namespacesOf(env),
      onMeter: (_what, meter) => measured.push(meter),
    }),
    log: () => {},
  }).fetch;
  measured = [];
  const url = new URL(request.url);
  url.pathname = url.pathname.slice('/app'.length);
  const response = await meteredApp(new Request(url, request));
  const total = { workerCalls: measured.length, objectRequests: 0, rowsRead: 0, rowsWritten: 0 };
  for (const meter of measured) {
    total.objectRequests += meter.calls;
    total.rowsRead += meter.rowsRead;
    total.rowsWritten += meter.rowsWritten;
  }
  const headers = new Headers(response.headers);
  headers.set('x-parley-meter', JSON.stringify(total));
  return new Response(response.body, { status: response.status, headers });
}

const repositories = new Map<string, Repository>();
/** What the Durable Object calls of the current bridge call cost (bridge calls are measured one at a time). */
let measured: Meter[] = [];

function repositoryFor(backend: string, env: Env): Repository {
  let repository = repositories.get(backend);
  if (!repository) {
    if (backend === 'kv') repository = createKvRepository({ namespace: env.CONTRACT_KV });
    else if (backend === 'durable-object') {
      repository = createDurableObjectRepository({
        ...namespacesOf(env),
        onMeter: (_what, meter) => measured.push(meter),
      });
    } else throw new Error(`no such backend: ${backend}`);
    repositories.set(backend, repository);
  }
  return repository;
}

const OBJECT_BINDINGS = {
  conversations: 'PARLEY_CONVERSATIONS',
  users: 'PARLEY_USERS',
  handles: 'PARLEY_HANDLES',
  idempotency: 'PARLEY_IDEMPOTENCY',
} as const;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (new URL(request.url).pathname.startsWith('/app/')) return metered(request, env);
    const [, kind, name, objectName] = new URL(request.url).pathname.split('/').map(decodeURIComponent);
    const call = (await request.json()) as { method: string; args: unknown[] };
    measured = [];
    try {
      if (kind === 'repository') {
        const repository = repositoryFor(name ?? '', env) as unknown as Record<string, unknown>;
        if (call.method === 'describe') {
          return Response.json({ value: { backend: repository.backend, capabilities: repository.capabilities } });
        }
        const method = repository[call.method] as (...args: unknown[]) => Promise<unknown>;
        const value = await method(...call.args);
        return Response.json({ value, meters: measured });
      }
      if (kind === 'object') {
        // A method of one Durable Object (`/object/<namespace>/<name>`), e.g. the fault controls.
        const namespace = env[OBJECT_BINDINGS[name as keyof typeof OBJECT_BINDINGS]] as unknown as {
          idFromName(name: string): unknown;
          get(id: unknown): Record<string, (...args: unknown[]) => Promise<unknown>>;
        };
        const stub = namespace.get(namespace.idFromName(objectName ?? ''));
        return Response.json({ value: (await stub[call.method]?.(...call.args)) ?? null });
      }
      const namespace = env.CONTRACT_KV as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return Response.json({ value: await namespace[call.method]?.(...call.args) });
    } catch (error) {
      // Domain errors keep their class name and fields; anything else (a binding error) its message.
      const fields = error instanceof RepositoryError ? { ...error } : {};
      const { name: errorName, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      return Response.json({ error: { ...fields, name: errorName, message } });
    }
  },
};
