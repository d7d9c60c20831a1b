import type { KvClient } from './client.js';

/** What every KV operation gets from `createKvRepository`. */
export interface KvContext {
  kv: KvClient;
  /** Epoch milliseconds. */
  now: () => number;
  log: (entry: Record<string, unknown>) => void;
}

/**
 * A clean-up step after the write that made a change visible (deleting a superseded index entry or
 * handle). Its failure leaves only garbage that reads already ignore, so it is logged, not thrown.
 */
export async function bestEffort(context: KvContext, what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    context.log({ level: 'warn', event: 'kv_cleanup_failed', step: what, error: String(error) });
  }
}
