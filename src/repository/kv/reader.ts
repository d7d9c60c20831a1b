import type { Conversation, Message, User } from '../../domain/model.js';
import { createKvClient, type KvClient } from './client.js';
import { listedRecord, parseReadKey } from './keys.js';
import type { KvNamespaceLike } from './namespace.js';
import { defaultKvRetryPolicy } from './retry.js';

/**
 * Reads a KV deployment's records back out of its key layout (`./keys.ts`), a page at a time, for
 * tools that move the data elsewhere through the repository port (`src/migration/`). Only the
 * records (`user:`, `conv:`, `msg:`) and the read horizons (`read:`) are read; the indexes and
 * handle records are derived data that the target backend rebuilds as the records are written.
 */
export interface KvRecordPage<T> {
  records: T[];
  /** KV's list cursor of the next page, `null` after the last. */
  cursor: string | null;
}

export interface KvReader {
  users(page: KvPageRequest): Promise<KvRecordPage<User>>;
  conversations(page: KvPageRequest): Promise<KvRecordPage<Conversation>>;
  conversation(id: string): Promise<Conversation | null>;
  /** Every conversation's messages, grouped by conversation (newest first within each). */
  messages(page: KvPageRequest): Promise<KvRecordPage<Message>>;
  /** Every participant's read horizon (docs/storage-kv.md "Read state"). */
  horizons(page: KvPageRequest): Promise<KvRecordPage<KvHorizon>>;
}

/** A participant's read horizon as KV holds it. */
export interface KvHorizon {
  conversationId: string;
  userId: string;
  lastReadMessageId: string | null;
  readAt: string | null;
}

export interface KvPageRequest {
  /** 1–1000 keys (KV's `list` limit); each costs at most one read. */
  limit: number;
  cursor?: string | null;
}

export function createKvReader(namespace: KvNamespaceLike): KvReader {
  const kv = createKvClient(namespace, defaultKvRetryPolicy);
  return {
    users: (page) => readPage<User>(kv, 'user:', page),
    conversations: (page) => readPage<Conversation>(kv, 'conv:', page),
    conversation: (id) => kv.read<Conversation>(`conv:${encodeURIComponent(id)}`),
    messages: (page) => readPage<Message>(kv, 'msg:', page),
    horizons: async (page) => {
      const listed = await kv.list(READ_PREFIX, page.limit, page.cursor ?? undefined);
      const records = await Promise.all(
        listed.keys.map(async (key) => {
          const horizon = await kv.read<Pick<KvHorizon, 'lastReadMessageId' | 'readAt'>>(key.name);
          return horizon && { ...parseReadKey(key.name), ...horizon };
        }),
      );
      return { records: records.filter((record) => record !== null), cursor: listed.cursor };
    },
  };
}

const READ_PREFIX = 'read:';

/** One `list` of `prefix`; each record from the key's metadata when it was stored there, else one read. */
async function readPage<T>(kv: KvClient, prefix: string, page: KvPageRequest): Promise<KvRecordPage<T>> {
  const listed = await kv.list<T>(prefix, page.limit, page.cursor ?? undefined);
  const records = await Promise.all(
    listed.keys.map(async (key) => listedRecord<T>(key) ?? (await kv.read<T>(key.name))),
  );
  return {
    records: records.filter((record): record is Awaited<T> & {} => record !== null) as T[],
    cursor: listed.cursor,
  };
}
