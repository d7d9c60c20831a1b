/**
 * Domain errors of the repository port. Backends translate provider failures (DynamoDB
 * `ConditionalCheckFailedException`, transaction cancellation reasons, a KV 429, a dead endpoint)
 * into these inside their own files, so the core never sees a provider error.
 */

/** Every domain error of the port; a backend throws nothing else. */
export class RepositoryError extends Error {
  override readonly name: string = 'RepositoryError';
}

/** The record (or the conversation a message belongs to) does not exist. */
export class NotFoundError extends RepositoryError {
  override readonly name = 'NotFoundError';
}

/** A uniqueness rule was violated: a handle owned by someone else, an id that already exists. */
export class ConflictError extends RepositoryError {
  override readonly name = 'ConflictError';
  constructor(
    message: string,
    readonly reason: 'handle_taken' | 'exists' | 'not_participant' = 'exists',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The stored version differs from the expected one (a stale `If-Match`). */
export class VersionMismatchError extends RepositoryError {
  override readonly name = 'VersionMismatchError';
}

/**
 * The store could not be reached or kept throttling after the backend's retries. The HTTP layer
 * answers 503 with `Retry-After`; nothing was written.
 */
export class StoreUnavailableError extends RepositoryError {
  override readonly name = 'StoreUnavailableError';
  constructor(
    message = 'store unavailable',
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The store rejected a request as malformed: a bug in the backend, never the client's fault. */
export class StoreRequestError extends RepositoryError {
  override readonly name = 'StoreRequestError';
}
