import * as errors from '../../src/repository/errors.js';
import type { Repository } from '../../src/repository/port.js';
import type { KvNamespaceLike } from '../../src/repository/kv/index.js';

/**
 * Clients of the test-only bridge Worker (`test/adapters/cloudflare/bridge-entry.ts`): a repository
 * whose every call runs inside workerd, and a KV namespace whose every call is the real binding's.
 * Domain errors come back as the same classes, so the contract's `instanceof` checks hold.
 */
async function call(url: string, method: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ method, args }) });
  const result = (await response.json()) as {
    value?: unknown;
    error?: { name: string; message: string } & Record<string, unknown>;
  };
  if (result.error) throw revive(result.error);
  return result.value;
}

function revive(error: { name: string; message: string } & Record<string, unknown>): Error {
  switch (error.name) {
    case 'NotFoundError':
      return new errors.NotFoundError(error.message);
    case 'ConflictError':
      return new errors.ConflictError(error.message, error.reason as 'exists');
    case 'VersionMismatchError':
      return new errors.VersionMismatchError(error.message);
    case 'IdempotencyLeaseLostError':
      return new errors.IdempotencyLeaseLostError(
        error.message,
        (error.current ?? null) as errors.IdempotencyLeaseLostError['current'],
        String(error.fingerprint),
      );
    case 'StoreUnavailableError':
      return new errors.StoreUnavailableError(error.message, Number(error.retryAfterSeconds ?? 1));
    case 'StoreRequestError':
      return new errors.StoreRequestError(error.message);
    default:
      return new Error(error.message);
  }
}

/** The repository `backend` builds inside workerd, as a local `Repository`. */
export async function remoteRepository(bridgeUrl: string, backend: string): Promise<Repository> {
  const url = new URL(`repository/${backend}`, bridgeUrl).href;
  const described = (await call(url, 'describe', [])) as Pick<Repository, 'backend' | 'capabilities'>;
  return new Proxy(described as Repository, {
    // `then` must stay undefined, or awaiting the repository would call the bridge.
    get: (target, property) =>
      property in target || typeof property !== 'string' || property === 'then'
        ? target[property as keyof Repository]
        : (...args: unknown[]) => call(url, property, args),
  });
}

/** The bridge Worker's `CONTRACT_KV` binding, as a `KvNamespaceLike` in this process. */
export function remoteKvNamespace(bridgeUrl: string): KvNamespaceLike {
  const url = new URL('kv/CONTRACT_KV', bridgeUrl).href;
  return {
    get: (key, type) => call(url, 'get', [key, type]) as Promise<string | null>,
    put: (key, value, options) => call(url, 'put', [key, value, options]) as Promise<void>,
    delete: (key) => call(url, 'delete', [key]) as Promise<void>,
    list: (options) => call(url, 'list', [options]) as ReturnType<KvNamespaceLike['list']>,
  };
}
