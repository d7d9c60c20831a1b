/**
 * The slice of a Workers KV binding the KV backend uses, written to match Cloudflare's `KVNamespace`
 * (https://developers.cloudflare.com/kv/api/) so a real binding — or Miniflare's
 * `getKVNamespace()` proxy — fits without a cast, and `src/` needs no `@cloudflare/workers-types`.
 */
export interface KvNamespaceLike {
  /** https://developers.cloudflare.com/kv/api/read-key-value-pairs/ */
  get(key: string, type: 'text'): Promise<string | null>;
  /** https://developers.cloudflare.com/kv/api/write-key-value-pairs/ — throws on 429 (1 write/s per key). */
  put(key: string, value: string, options?: KvPutOptions): Promise<void>;
  /** https://developers.cloudflare.com/kv/api/delete-key-value-pairs/ — deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /**
   * https://developers.cloudflare.com/kv/api/list-keys/ — keys in lexicographic (UTF-8 byte) order.
   * Not generic: Miniflare's proxy types `metadata` as `unknown`; the backend knows what it wrote.
   */
  list(options?: KvListOptions): Promise<KvListResult<unknown>>;
}

export interface KvPutOptions {
  /** Seconds from now until the key expires; KV rejects values below 60. */
  expirationTtl?: number;
  /** Up to 1024 bytes once serialized; returned by `list` with each key. */
  metadata?: unknown;
}

export interface KvListOptions {
  prefix?: string | null;
  /** At most 1000. */
  limit?: number;
  cursor?: string | null;
}

export interface KvListKey<Metadata> {
  name: string;
  expiration?: number;
  metadata?: Metadata;
}

export type KvListResult<Metadata> =
  | { list_complete: false; keys: KvListKey<Metadata>[]; cursor: string }
  | { list_complete: true; keys: KvListKey<Metadata>[] };
