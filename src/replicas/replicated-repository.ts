import { createDynamoRepository, type DynamoTransport, type RetryOptions } from '../repository/dynamodb/index.js';
import type { Repository } from '../repository/port.js';
import type { RoundTripMeter } from '../telemetry/port.js';
import { createFailoverTransport } from './failover-transport.js';

export interface ReplicatedDynamoOptions {
  /** The Global Table's name (the same in every replica Region). */
  tableName: string;
  /** Replica Regions, nearest first: `orderReplicasForRegion` (Lambda@Edge) or `orderReplicasForLocation` (Workers). */
  order: readonly string[];
  /** The transport for one Region, e.g. `createAws4fetchTransport({ region, credentials })`. */
  connect: (region: string) => DynamoTransport;
  /** How long a replica that failed is skipped, ms. Default 30 000. */
  quarantineMs?: number;
  retry?: RetryOptions;
}

export interface ReplicatedDynamo {
  repository: Repository;
  /** `Storage.counted`: the same replicas (and their quarantine), with every call counted into `meter`. */
  counted: (meter: RoundTripMeter) => Repository;
  /** For `AppDeps.health`: the replica order, the one in use, and the ones being skipped. */
  health: () => Record<string, unknown>;
}

/**
 * The DynamoDB backend over the nearest replica of a Global Table, failing over to the next nearest
 * when one stops answering. Shared by every edge target; each passes the order for where it runs.
 */
export function createReplicatedDynamoRepository(options: ReplicatedDynamoOptions): ReplicatedDynamo {
  const { transport, failover } = createFailoverTransport({
    order: options.order,
    connect: options.connect,
    ...(options.quarantineMs === undefined ? {} : { quarantineMs: options.quarantineMs }),
  });
  const over = (send: DynamoTransport) =>
    createDynamoRepository({
      transport: send,
      tableName: options.tableName,
      ...(options.retry ? { retry: options.retry } : {}),
    });
  return {
    repository: over(transport),
    counted: (meter) =>
      over((operation, input) => {
        meter.roundTrips++;
        return transport(operation, input);
      }),
    health: () => ({ replica: failover.status() }),
  };
}
