import { DynamoTransportError, type DynamoTransport } from '../repository/dynamodb/protocol.js';
import { createReplicaFailover, type ReplicaFailover, type ReplicaFailoverOptions } from './failover.js';

/**
 * A DynamoDB failure that says "this replica is not answering": no response at all, or a 5xx.
 * Throttling and every 4xx are answers from a working replica and stay with the backend's retries;
 * missing credentials are no replica's fault, so they do not mark one bad either.
 */
export function isDynamoReplicaFailure(error: unknown): boolean {
  if (!(error instanceof DynamoTransportError)) return error instanceof TypeError;
  if (error.code === 'CredentialsUnavailable') return false;
  return error.code === 'NetworkError' || (error.details.status ?? 0) >= 500;
}

export interface FailoverTransport {
  /** Send through the nearest healthy replica, failing over per call (before the backend retries). */
  transport: DynamoTransport;
  failover: ReplicaFailover<DynamoTransport>;
}

/**
 * One `DynamoTransport` over the replicas of a Global Table: `connect(region)` builds the transport
 * for one Region (e.g. aws4fetch against `https://dynamodb.<region>.amazonaws.com`).
 */
export function createFailoverTransport(
  options: Omit<ReplicaFailoverOptions<DynamoTransport>, 'isFailure'>,
): FailoverTransport {
  const failover = createReplicaFailover({ ...options, isFailure: isDynamoReplicaFailure });
  const transport: DynamoTransport = (operation, input, call) => failover.run((send) => send(operation, input, call));
  return { transport, failover };
}
