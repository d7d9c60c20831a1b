import type { Namespaces } from './namespaces.js';
import { type Reply, unwrap } from './rpc.js';
import { type Meter, newMeter } from './storage.js';

/** What every Worker-side operation gets from `createDurableObjectRepository`. */
export interface DurableObjectContext extends Namespaces {
  /** Called with what each object call cost (object calls, rows read and written), for measurements. */
  onMeter?: (what: string, meter: Meter) => void;
}

/** One object call from the Worker: its value, its domain error rethrown, a failure as a 503. */
export async function call<T>(
  context: DurableObjectContext,
  what: string,
  invoke: () => Promise<Reply<T>>,
): Promise<T> {
  const meter = newMeter();
  try {
    return await unwrap(what, invoke, meter);
  } finally {
    context.onMeter?.(what, meter);
  }
}
