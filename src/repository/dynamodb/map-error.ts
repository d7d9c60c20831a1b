import { RepositoryError, StoreRequestError, StoreUnavailableError } from '../errors.js';
import { isRetryable } from './retry.js';
import { DynamoTransportError, type CancellationReason } from './protocol.js';

/**
 * The fallback translation of a provider failure into a domain error, for whatever an operation did
 * not handle itself (conditional failures carry meaning only the operation knows). Retryable failures
 * that outlived the retries are `StoreUnavailableError` (503); anything else DynamoDB rejected is a
 * `StoreRequestError` (a bug or a misconfiguration on our side, never the client's fault).
 */
export function toDomainError(error: unknown, operation: string): Error {
  if (error instanceof RepositoryError) return error;
  if (!(error instanceof DynamoTransportError)) {
    return new StoreRequestError(`DynamoDB ${operation} failed`, { cause: error });
  }
  if (isRetryable(error)) {
    return new StoreUnavailableError(`DynamoDB ${operation}: ${error.code} (after retries)`, 1, { cause: error });
  }
  return new StoreRequestError(`DynamoDB ${operation}: ${error.code}: ${error.message}`, { cause: error });
}

/** The per-action reasons of a cancelled transaction, or `null` for any other error. */
export function cancellationReasons(error: unknown): CancellationReason[] | null {
  if (error instanceof DynamoTransportError && error.code === 'TransactionCanceledException') {
    return error.details.cancellationReasons ?? [];
  }
  return null;
}

export const conditionFailed = (reason: CancellationReason | undefined): boolean =>
  reason?.Code === 'ConditionalCheckFailed';

/** A single-item conditional write that failed its condition, with the stored item if it exists. */
export function conditionalCheckFailure(error: unknown): { item?: DynamoTransportError['details']['item'] } | null {
  if (error instanceof DynamoTransportError && error.code === 'ConditionalCheckFailedException') {
    return { item: error.details.item };
  }
  return null;
}
