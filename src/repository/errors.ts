import type { IdempotencyRecord } from './port.js';

/**
 * Domain errors of the repository port. Backends translate provider failures (DynamoDB
 * `ConditionalCheckFailedException`, transaction cancellation reasons, a KV 429, a dead endpoint)
 * into these inside their own files, so the core never sees a provider error.
 */

/** Every domain error of the port; a backend throws nothing else. */
export class RepositoryError extends Error {
  override readonly name: string = 'RepositoryError';
}

/**
 * The base of one kind of domain error: a `RepositoryError` whose `name` is `name`, written as a
 * string because bundles are minified (class names are not kept) and the Durable Object RPC
 * revives errors by it. Each kind still is its own class, so `instanceof` tells them apart.
 */
function kind<const N extends string>(name: N) {
  return class extends RepositoryError {
    override readonly name: N = name;
  };
}

/** The record (or the conversation a message belongs to) does not exist. */
export class NotFoundError extends kind('NotFoundError') {}

/** A uniqueness rule was violated: a handle owned by someone else, an id that already exists. */
export class ConflictError extends kind('ConflictError') {
  constructor(
    message: string,
    readonly reason: 'handle_taken' | 'exists' | 'not_participant' = 'exists',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The stored version differs from the expected one (a stale `If-Match`). */
export class VersionMismatchError extends kind('VersionMismatchError') {}

/**
 * A write that completes an idempotency key found the key no longer `in_progress` under its claim's
 * token: the claim's lease lapsed and another request took the key over (and may have finished it),
 * or the claim is gone. The write was refused whole: nothing of it is stored. `current` is the record
 * that holds the key now (`null` when there is none, or the store did not say), so the request can
 * answer with the winner's outcome instead of its own.
 */
export class IdempotencyLeaseLostError extends kind('IdempotencyLeaseLostError') {
  constructor(
    message: string,
    readonly current: IdempotencyRecord | null,
    /** The fingerprint of the refused request, to compare with `current`'s. */
    readonly fingerprint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The store could not be reached or kept throttling after the backend's retries. The HTTP layer
 * answers 503 with `Retry-After`; nothing was written.
 */
export class StoreUnavailableError extends kind('StoreUnavailableError') {
  constructor(
    message = 'store unavailable',
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The store rejected a request as malformed: a bug in the backend, never the client's fault. */
export class StoreRequestError extends kind('StoreRequestError') {}
