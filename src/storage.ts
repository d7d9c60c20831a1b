import type { StorageConfig } from './config.js';
import { createReplicatedDynamoRepository } from './replicas/replicated-repository.js';
import { createDurableObjectRepository, type Namespaces } from './repository/durable-object/index.js';
import { createDynamoRepository, type DynamoTransport } from './repository/dynamodb/index.js';
import { createKvRepository, type KvNamespaceLike } from './repository/kv/index.js';
import { createMemoryRepository } from './repository/memory/index.js';
import type { Repository } from './repository/port.js';

/**
 * The clients a target hands the factory: only the ones its backends need. `parseConfig` has
 * already checked (through `ConfigPlatform.backends`) that the chosen backend's are there.
 */
export interface StorageClients {
  /** The Workers KV binding (`PARLEY_KV`). */
  kv?: KvNamespaceLike;
  /** The four Durable Object bindings (`PARLEY_CONVERSATIONS`, `PARLEY_USERS`, `PARLEY_HANDLES`, `PARLEY_IDEMPOTENCY`). */
  durableObjects?: Omit<Namespaces, 'locationHint'>;
  /** DynamoDB: the transport to one Region's endpoint (`endpoint` overrides it, e.g. DynamoDB Local). */
  dynamodb?: {
    connect(region: string, endpoint: string | undefined): DynamoTransport;
    /** `DYNAMODB_REPLICA_REGIONS` nearest first for where this runs (a Worker's colo, an edge Region). */
    nearestFirst?(replicas: readonly string[]): string[];
    /** How long a replica that failed is skipped, ms (replicated tables only). */
    quarantineMs?: number;
  };
}

export interface Storage {
  repository: Repository;
  /** Extra `/health` fields: the replica choice when the table has several. */
  health?: () => Record<string, unknown>;
}

/** The one storage factory every target uses: `config` (validated) plus the target's clients. */
export function createStorage(config: StorageConfig, clients: StorageClients): Storage {
  switch (config.backend) {
    case 'memory':
      return { repository: createMemoryRepository() };
    case 'kv':
      return { repository: createKvRepository({ namespace: required(clients.kv, 'kv') }) };
    case 'durable-object': {
      const namespaces = required(clients.durableObjects, 'durable-object');
      const hint = config.locationHint ? { locationHint: config.locationHint } : {};
      return { repository: createDurableObjectRepository({ ...namespaces, ...hint }) };
    }
    case 'dynamodb': {
      const dynamodb = required(clients.dynamodb, 'dynamodb');
      if (config.replicaRegions.length === 0) {
        const transport = dynamodb.connect(config.region ?? '', config.endpoint);
        return { repository: createDynamoRepository({ tableName: config.table, transport }) };
      }
      return createReplicatedDynamoRepository({
        tableName: config.table,
        order: dynamodb.nearestFirst?.(config.replicaRegions) ?? config.replicaRegions,
        connect: (region) => dynamodb.connect(region, config.endpoint),
        ...(dynamodb.quarantineMs === undefined ? {} : { quarantineMs: dynamodb.quarantineMs }),
      });
    }
  }
}

function required<T>(client: T | undefined, backend: string): T {
  // parseConfig checked the platform offers this backend; reaching here means a target forgot a client.
  if (client === undefined) throw new TypeError(`the ${backend} backend was chosen but its client was not given`);
  return client;
}
