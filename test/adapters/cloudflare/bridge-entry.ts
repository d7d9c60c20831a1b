// Test-only Worker: the repository port and a Workers KV namespace over HTTP, so the shared
// repository contract (and the KV fault cases) run from Node against backends that live in
// workerd. Repository calls run INSIDE workerd, on the backend's real bindings.
import type { Repository } from '../../../src/repository/port.js';
import { createKvRepository, type KvNamespaceLike } from '../../../src/repository/kv/index.js';
import { RepositoryError } from '../../../src/repository/errors.js';

interface Env {
  CONTRACT_KV: KvNamespaceLike;
}

const repositories = new Map<string, Repository>();

function repositoryFor(backend: string, env: Env): Repository {
  let repository = repositories.get(backend);
  if (!repository) {
    if (backend !== 'kv') throw new Error(`no such backend: ${backend}`);
    repository = createKvRepository({ namespace: env.CONTRACT_KV });
    repositories.set(backend, repository);
  }
  return repository;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const [, kind, name] = new URL(request.url).pathname.split('/');
    const call = (await request.json()) as { method: string; args: unknown[] };
    try {
      if (kind === 'repository') {
        const repository = repositoryFor(name ?? '', env) as unknown as Record<string, unknown>;
        if (call.method === 'describe') {
          return Response.json({ value: { backend: repository.backend, capabilities: repository.capabilities } });
        }
        const method = repository[call.method] as (...args: unknown[]) => Promise<unknown>;
        return Response.json({ value: await method(...call.args) });
      }
      const namespace = env.CONTRACT_KV as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return Response.json({ value: await namespace[call.method]?.(...call.args) });
    } catch (error) {
      // Domain errors keep their class name and fields; anything else (a KV binding error) its message.
      const fields = error instanceof RepositoryError ? { ...error } : {};
      const { name: errorName, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
      return Response.json({ error: { ...fields, name: errorName, message } });
    }
  },
};
