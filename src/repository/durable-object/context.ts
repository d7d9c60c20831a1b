import { StoreUnavailableError } from '../errors.js';
import type { RequestDeadline } from '../port.js';
import type { Namespaces } from './namespaces.js';
import { type Reply, unwrap } from './rpc.js';
import { type Meter, newMeter } from './storage.js';

/** What every Worker-side operation gets from `createDurableObjectRepository`. */
export interface DurableObjectContext extends Namespaces {
  /** Called with what each object call cost (object calls, rows read and written), for measurements. */
  onMeter?: (what: string, meter: Meter) => void;
  /** The request's deadline (`withDeadline`): no call starts after it, and a call still out then is given up. */
  deadline?: RequestDeadline;
}

/**
 * One object call from the Worker: its value, its domain error rethrown, a failure as a 503. Past
 * the request's deadline no call starts, and one still out is answered as a 503 (an RPC cannot be
 * cancelled: a write may still commit, which the idempotency fence and `If-Match` make safe to retry).
 */
export async function call<T>(
  context: DurableObjectContext,
  what: string,
  invoke: () => Promise<Reply<T>>,
): Promise<T> {
  const meter = newMeter();
  const { deadline } = context;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    if (!deadline) return await unwrap(what, invoke, meter);
    const left = deadline.at - deadline.now();
    if (left <= 0) throw new StoreUnavailableError(`the request's deadline passed before the ${what} call`);
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`the ${what} call outlasted the request's deadline`)),
        left,
      );
    });
    return await Promise.race([unwrap(what, invoke, meter), late]);
  } finally {
    clearTimeout(timer);
    context.onMeter?.(what, meter);
  }
}
