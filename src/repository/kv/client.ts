import type { KvListKey, KvNamespaceLike } from './namespace.js';
import type { RequestDeadline } from '../port.js';
import { withKvRetry, type KvRetryPolicy } from './retry.js';

/**
 * JSON values over a KV namespace, every call retried and its errors turned into domain errors; with
 * a `deadline`, no call or retry runs past it.
 */
export interface KvClient {
  read<T>(key: string): Promise<T | null>;
  write(key: string, value: unknown, options?: { metadata?: unknown; ttlSeconds?: number }): Promise<void>;
  remove(key: string): Promise<void>;
  list<M>(prefix: string, limit: number, cursor?: string): Promise<{ keys: KvListKey<M>[]; cursor: string | null }>;
}

export function createKvClient(
  namespace: KvNamespaceLike,
  policy: KvRetryPolicy,
  deadline?: RequestDeadline,
): KvClient {
  const retry = <T>(what: string, operation: () => Promise<T>) => withKvRetry(what, policy, operation, deadline);
  return {
    async read<T>(key: string) {
      const text = await retry(`get ${key}`, () => namespace.get(key, 'text'));
      return text === null ? null : (JSON.parse(text) as T);
    },
    async write(key, value, options = {}) {
      await retry(`put ${key}`, () =>
        namespace.put(key, JSON.stringify(value), {
          ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
          ...(options.ttlSeconds === undefined ? {} : { expirationTtl: options.ttlSeconds }),
        }),
      );
    },
    async remove(key) {
      await retry(`delete ${key}`, () => namespace.delete(key));
    },
    async list<M>(prefix: string, limit: number, cursor?: string) {
      const result = await retry(`list ${prefix}`, () =>
        namespace.list({ prefix, limit, ...(cursor ? { cursor } : {}) }),
      );
      // Metadata is only ever what this backend wrote under the listed prefix.
      const keys = result.keys as KvListKey<M>[];
      return { keys, cursor: result.list_complete ? null : result.cursor };
    },
  };
}
