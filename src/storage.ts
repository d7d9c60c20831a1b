import type { StorageConfig } from './config.js';
import { createReplicatedDynamoRepository } from './replicas/replicated-repository.js';
import { createDurableObjectRepository, type Namespaces } from './repository/durable-object/index.js';
import { createDynamoRepository, type DynamoTransport } from './repository/dynamodb/index.js';
import { createKvRepository, type KvNamespaceLike } from './repository/kv/index.js';
import type { Repository } from './repository/port.js';
import type { RoundTripMeter } from './telemetry/port.js';

/**
 * The clients a target hands the factory: only the ones its backends need. `parseConfig` has
 * already checked (through `ConfigPlatform.backends`) that the chosen backend's are there.
 */
export interface StorageClients {
  /**
   * The memory backend's constructor (`createMemoryRepository`), from the targets that offer it
   * (Node, tests, tools): handed in rather than imported here, so the bundles of targets that do
   * not offer it (the API Worker, Lambda) do not carry it.
   */
  memory?: () => Repository;
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
  /**
   * The same store with every call it makes counted into `meter` (retries included): one request's
   * view (`AppDeps.countedRepository`). Shared state (a memory store, a replica's quarantine) stays shared.
   */
  counted?: (meter: RoundTripMeter) => Repository;
  /** Extra `/health` fields: the replica choice when the table has several. */
  health?: () => Record<string, unknown>;
}

/** The one storage factory every target uses: `config` (validated) plus the target's clients. */
export function createStorage(config: StorageConfig, clients: StorageClients): Storage {
  switch (config.backend) {
    case 'memory': {
      // No store to go to: a memory request makes no round trips.
      const repository = required(clients.memory, 'memory')();
      return { repository, counted: () => repository };
    }
    case 'kv': {
      const namespace = required(clients.kv, 'kv');
      return {
        repository: createKvRepository({ namespace }),
        counted: (meter) => createKvRepository({ namespace: countedNamespace(namespace, meter) }),
      };
    }
    case 'durable-object': {
      const namespaces = required(clients.durableObjects, 'durable-object');
      const hint = config.locationHint ? { locationHint: config.locationHint } : {};
      return {
        repository: createDurableObjectRepository({ ...namespaces, ...hint }),
        // A round trip is one Durable Object call from this Worker (the calls objects make to each other are theirs).
        counted: (meter) =>
          createDurableObjectRepository({
            ...namespaces,
            ...hint,
            onMeter: () => {
              meter.roundTrips++;
            },
          }),
      };
    }
    case 'dynamodb': {
      const dynamodb = required(clients.dynamodb, 'dynamodb');
      if (config.replicaRegions.length === 0) {
        const transport = dynamodb.connect(config.region ?? '', config.endpoint);
        return {
          repository: createDynamoRepository({ tableName: config.table, transport }),
          counted: (meter) => createDynamoRepository({ tableName: config.table, transport: counted(transport, meter) }),
        };
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

/** Counts each call below the backend's retries, so a retried call counts once per attempt. */
function counted(transport: DynamoTransport, meter: RoundTripMeter): DynamoTransport {
  return (operation, input) => {
    meter.roundTrips++;
    return transport(operation, input);
  };
}

function countedNamespace(namespace: KvNamespaceLike, meter: RoundTripMeter): KvNamespaceLike {
  return {
    get: (key, type) => {
      meter.roundTrips++;
      return namespace.get(key, type);
    },
    put: (key, value, options) => {
      meter.roundTrips++;
      return namespace.put(key, value, options);
    },
    delete: (key) => {
      meter.roundTrips++;
      return namespace.delete(key);
    },
    list: (options) => {
      meter.roundTrips++;
      return namespace.list(options);
    },
  };
}

function required<T>(client: T | undefined, backend: string): T {
  // parseConfig checked the platform offers this backend; reaching here means a target forgot a client.
  if (client === undefined) throw new TypeError(`the ${backend} backend was chosen but its client was not given`);
  return client;
}
