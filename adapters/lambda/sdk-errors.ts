import {
  DynamoTransportError,
  type DynamoOperation,
  type DynamoTransport,
} from '../../src/repository/dynamodb/index.js';

/** Sends one operation through the SDK client (aborted by `signal`) and throws its exceptions unchanged. */
export type SdkSend = (operation: DynamoOperation, input: unknown, signal: AbortSignal | undefined) => Promise<unknown>;

/**
 * A `DynamoTransport` over `send`: SDK exceptions become `DynamoTransportError`s of the same shape the
 * aws4fetch transport produces. SDK-free, so the handler bundles it and the SDK can stay in a chunk.
 */
export function mapSdkErrors(send: SdkSend): DynamoTransport {
  return async (operation, input, call) => {
    try {
      return (await send(operation, input, call?.signal)) as never;
    } catch (error) {
      // Cut by the request's deadline (the backend's signal), not by the endpoint.
      if (call?.signal?.aborted) {
        throw new DynamoTransportError('RequestAborted', `DynamoDB ${operation}: aborted`, { cause: error });
      }
      throw toTransportError(operation, error);
    }
  };
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: unknown[];
  Item?: unknown;
}

function toTransportError(operation: string, error: unknown): DynamoTransportError {
  const e = (error ?? {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  // No HTTP status: the request never got an answer (refused, reset, timed out).
  if (status === undefined) {
    return new DynamoTransportError('NetworkError', `DynamoDB ${operation}: no response`, { cause: error });
  }
  return new DynamoTransportError(e.name ?? `HTTP${status}`, e.message ?? String(e.name), {
    status,
    cause: error,
    ...(Array.isArray(e.CancellationReasons) ? { cancellationReasons: e.CancellationReasons as never } : {}),
    ...(e.Item && typeof e.Item === 'object' ? { item: e.Item as never } : {}),
  });
}
