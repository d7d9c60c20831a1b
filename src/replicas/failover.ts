import { StoreUnavailableError } from '../repository/errors.js';

export interface ReplicaFailoverOptions<T> {
  /** Replica Regions, nearest first (see `orderReplicasForRegion` / `orderReplicasForLocation`). */
  order: readonly string[];
  /** Builds the client for one replica (e.g. a DynamoDB transport); called lazily, once per Region. */
  connect: (region: string) => T;
  /** How long a replica that failed is skipped, in ms. Default 30 000. */
  quarantineMs?: number;
  /** Which errors mean "this replica is unreachable, try the next". Default: `isReplicaFailure`. */
  isFailure?: (error: unknown) => boolean;
  /** Clock in ms, injectable for tests. Default `Date.now`. */
  now?: () => number;
}

/** What `/health` shows about the replica choice. */
export interface ReplicaStatus {
  /** All replicas, nearest first. */
  order: string[];
  /** The nearest replica. */
  preferred: string;
  /** The replica the last successful call used (the preferred one until a call succeeds). */
  current: string;
  /** Replicas being skipped after a failure, with when they are tried first again (ISO time). */
  unhealthy: Array<{ region: string; until: string }>;
}

export interface ReplicaFailover<T> {
  /**
   * Run `call` against the nearest healthy replica; on a replica failure, mark that replica bad for
   * `quarantineMs` and run it against the next one. Rethrows the last failure, unchanged, when every
   * replica failed, and any other error at once (a failed condition must not be retried elsewhere).
   */
  run<R>(call: (client: T, region: string) => Promise<R>): Promise<R>;
  status(): ReplicaStatus;
}

/**
 * A store failure worth trying another replica for: the backend's `StoreUnavailableError` (its
 * retries on throttling/5xx/network are exhausted) or a raw network error from `fetch` (a TypeError).
 */
export function isReplicaFailure(error: unknown): boolean {
  return error instanceof StoreUnavailableError || error instanceof TypeError;
}

/**
 * Fails over between Global Table replicas. Caveat, inherent to Global Tables: a write that timed
 * out at one replica may still have been applied there, and conditions are checked per replica
 * (concurrent writers in two Regions reconcile last-writer-wins), so a failover can replay a write.
 * Parley's writes set absolute values under a version condition, so a replay writes the same state.
 */
export function createReplicaFailover<T>(options: ReplicaFailoverOptions<T>): ReplicaFailover<T> {
  const order = [...options.order];
  const preferred = order[0];
  if (preferred === undefined) throw new Error('createReplicaFailover: at least one replica is required');
  const quarantineMs = options.quarantineMs ?? 30_000;
  const isFailure = options.isFailure ?? isReplicaFailure;
  const now = options.now ?? Date.now;
  const clients = new Map<string, T>();
  const badUntil = new Map<string, number>();
  let current = preferred;

  const clientFor = (region: string): T => {
    let client = clients.get(region);
    if (client === undefined) {
      client = options.connect(region);
      clients.set(region, client);
    }
    return client;
  };

  // Healthy replicas first, nearest first; quarantined ones stay as a last resort so that a call is
  // never refused without trying, and a recovered replica is found again.
  const candidates = (): string[] => {
    const t = now();
    const healthy = order.filter((r) => (badUntil.get(r) ?? 0) <= t);
    return [...healthy, ...order.filter((r) => !healthy.includes(r))];
  };

  return {
    async run(call) {
      let lastError: unknown;
      for (const region of candidates()) {
        try {
          const result = await call(clientFor(region), region);
          badUntil.delete(region);
          current = region;
          return result;
        } catch (error) {
          if (!isFailure(error)) throw error;
          badUntil.set(region, now() + quarantineMs);
          lastError = error;
        }
      }
      // Unchanged, so the layer above (e.g. the DynamoDB backend's error mapping) still recognises it.
      throw lastError;
    },
    status() {
      const t = now();
      const unhealthy = order
        .filter((r) => (badUntil.get(r) ?? 0) > t)
        .map((region) => ({ region, until: new Date(badUntil.get(region) ?? t).toISOString() }));
      return { order: [...order], preferred, current, unhealthy };
    },
  };
}
