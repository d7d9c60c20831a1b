import type { KvListKey, KvNamespaceLike } from './namespace.js';
import { withKvRetry, type KvRetryPolicy } from './retry.js';

/** JSON values over a KV namespace, every call retried and its errors turned into domain errors. */
export interface KvClient {
  read<T>(key: string): Promise<T | null>;
  write(key: string, value: unknown, options?: { metadata?: unknown; ttlSeconds?: number }): Promise<void>;
  remove(key: string): Promise<void>;
  list<M>(prefix: string, limit: number, cursor?: string): Promise<{ keys: KvListKey<M>[]; cursor: string | null }>;
}

export function createKvClient(namespace: KvNamespaceLike, policy: KvRetryPolicy): KvClient {
  return {
    async read<T>(key: string) {
      const text = await withKvRetry(`get ${key}`, policy, () => namespace.get(key, 'text'));
      return text === null ? null : (JSON.parse(text) as T);
    },
    async write(key, value, options = {}) {
      await withKvRetry(`put ${key}`, policy, () =>
        namespace.put(key, JSON.stringify(value), {
          ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
          ...(options.ttlSeconds === undefined ? {} : { expirationTtl: options.ttlSeconds }),
        }),
      );
    },
    async remove(key) {
      await withKvRetry(`delete ${key}`, policy, () => namespace.delete(key));
    },
    async list<M>(prefix: string, limit: number, cursor?: string) {
      const result = await withKvRetry(`list ${prefix}`, policy, () =>
        namespace.list({ prefix, limit, ...(cursor ? { cursor } : {}) }),
      );
      // Metadata is only ever what this backend wrote under the listed prefix.
      const keys = result.keys as KvListKey<M>[];
      return { keys, cursor: result.list_complete ? null : result.cursor };
    },
  };
}
