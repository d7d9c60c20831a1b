import {
  ConflictError,
  IdempotencyLeaseLostError,
  NotFoundError,
  RepositoryError,
  StoreRequestError,
  StoreUnavailableError,
  VersionMismatchError,
} from '../errors.js';
import { type Meter, newMeter } from './storage.js';

/**
 * The Workers binding of a Durable Object class, as far as Parley uses it
 * (https://developers.cloudflare.com/durable-objects/api/namespace/): ids derived from names, and a
 * stub whose methods are the class's RPC methods. `locationHint` only matters when the call creates
 * the object (https://developers.cloudflare.com/durable-objects/reference/data-location/).
 */
export interface DurableObjectNamespaceLike<Stub, Id = unknown> {
  idFromName(name: string): Id;
  get(id: Id, options?: { locationHint?: string }): Stub;
}

/**
 * What an object method answers: its value or the domain error it refused with, and what it cost.
 * Domain errors travel as data because an error thrown across RPC keeps only its message; anything
 * thrown instead (a bug, a reset object, an overload, a storage failure) is a store failure.
 */
export type Reply<T> = { value: T; meter: Meter } | { error: ErrorShape; meter: Meter };

/** A domain error as data: its name, message and own fields (`reason`, `current`, `fingerprint`, …). */
type ErrorShape = { name: string; message: string } & Record<string, unknown>;

/** Runs an object method: a domain error becomes a reply, anything else propagates. */
export async function reply<T>(meter: Meter, work: () => T | Promise<T>): Promise<Reply<T>> {
  meter.calls += 1;
  try {
    return { value: await work(), meter };
  } catch (error) {
    if (!(error instanceof RepositoryError)) throw error;
    return { error: { ...error, name: error.name, message: error.message }, meter };
  }
}

/** `reply` with a meter of its own: an object method's whole cost is counted in what it answers. */
export const measured = <T>(work: (meter: Meter) => T | Promise<T>): Promise<Reply<T>> => {
  const meter = newMeter();
  return reply(meter, () => work(meter));
};

const DOMAIN_ERRORS: Record<string, (shape: ErrorShape) => RepositoryError> = {
  NotFoundError: (e) => new NotFoundError(e.message),
  ConflictError: (e) => new ConflictError(e.message, e.reason as ConflictError['reason']),
  VersionMismatchError: (e) => new VersionMismatchError(e.message),
  IdempotencyLeaseLostError: (e) =>
    new IdempotencyLeaseLostError(
      e.message,
      (e.current ?? null) as IdempotencyLeaseLostError['current'],
      String(e.fingerprint ?? ''),
    ),
  StoreUnavailableError: (e) => new StoreUnavailableError(e.message, Number(e.retryAfterSeconds ?? 1)),
};

/**
 * Awaits an object call and gives back its value, rethrowing a refused call's domain error. A call
 * that throws — the object threw, was reset, is overloaded, or could not be reached after the
 * runtime's own retries (https://developers.cloudflare.com/durable-objects/best-practices/error-handling/)
 * — is a `StoreUnavailableError` (503 with `Retry-After`); it is not retried here: the runtime
 * already retried what never reached the object, and an overloaded object must not get more load.
 */
export async function unwrap<T>(what: string, call: () => Promise<Reply<T>>, meter?: Meter): Promise<T> {
  let answer: Reply<T>;
  try {
    answer = await call();
  } catch (error) {
    if (meter) meter.calls += 1;
    const overloaded = (error as { overloaded?: unknown } | null)?.overloaded === true;
    throw new StoreUnavailableError(`Durable Object ${what} failed: ${String(error)}`, overloaded ? 5 : 1, {
      cause: error,
    });
  }
  if (meter) {
    meter.calls += answer.meter.calls;
    meter.rowsRead += answer.meter.rowsRead;
    meter.rowsWritten += answer.meter.rowsWritten;
  }
  if ('error' in answer) {
    const revive = DOMAIN_ERRORS[answer.error.name] ?? ((e: ErrorShape) => new StoreRequestError(e.message));
    throw revive(answer.error);
  }
  return answer.value;
}

export { newMeter };
