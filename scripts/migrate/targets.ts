import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { parseStorageConfig, readSource } from '../../src/config.js';
import type { Repository } from '../../src/repository/port.js';
import { createRpcRepository } from '../../src/repository/rpc.js';
import { createStorage } from '../../src/storage.js';
import { nodePlatform } from '../../adapters/node/deps.js';
import { createNodeStorage } from '../../adapters/node/storage.js';

export interface Target {
  repository: Repository;
  /** What the checkpoint remembers: a resumed run must write to the same place. */
  name: string;
}

type Env = Record<string, string | undefined>;

/**
 * `--to`: where the migration writes, from the same variables the server reads (`src/config.ts`).
 * - `memory`: the memory backend in this process — every rule runs, nothing persists (rehearsals,
 *   benchmarks).
 * - `dynamodb`: `DYNAMODB_TABLE`, `DYNAMODB_REGION`/`AWS_REGION`, `DYNAMODB_ENDPOINT` (DynamoDB Local),
 *   credentials from the environment, exactly as the Node server builds its storage.
 * - `kv`, `durable-object`: Workers-only stores, which a Node process cannot bind: the calls go to the
 *   admin Worker (`adapters/cloudflare/admin.ts`) at `PARLEY_ADMIN_URL` with `PARLEY_ADMIN_TOKEN`, and
 *   run there on its bindings. The Worker must report the backend asked for.
 * A new backend is one entry here (and, if Workers-only, its binding in the admin Worker's config).
 */
export const TARGETS: Record<string, (env: Env) => Promise<Target>> = {
  memory: async () => ({
    repository: createStorage({ backend: 'memory' }, { memory: createMemoryRepository }).repository,
    name: 'memory',
  }),
  dynamodb: async (env) => {
    const storage = parseStorageConfig(readSource({ ...env, STORAGE_BACKEND: 'dynamodb' }), nodePlatform('migrate'));
    if (storage.backend !== 'dynamodb') throw new Error('unreachable');
    const { repository } = createNodeStorage(storage, env);
    return {
      repository,
      name: `dynamodb:${storage.endpoint ?? storage.region ?? storage.replicaRegions.join('+')}/${storage.table}`,
    };
  },
  kv: (env) => adminWorker(env, 'kv'),
  'durable-object': (env) => adminWorker(env, 'durable-object'),
};

async function adminWorker(env: Env, backend: string): Promise<Target> {
  const source = readSource(env) as Env;
  const url = source.PARLEY_ADMIN_URL;
  const token = source.PARLEY_ADMIN_TOKEN;
  const problems = [
    ...(url ? [] : [`PARLEY_ADMIN_URL (the admin Worker's URL) is required for --to ${backend}`]),
    ...(token ? [] : [`PARLEY_ADMIN_TOKEN is required for --to ${backend}`]),
  ];
  if (problems.length > 0) throw new Error(problems.join('; '));
  const repository = await createRpcRepository({ url: url as string, token: token as string });
  if (repository.backend !== backend) {
    throw new Error(`the admin Worker at ${url} stores in ${repository.backend}, not ${backend} (its STORAGE_BACKEND)`);
  }
  return { repository, name: `${backend}:${new URL(url as string).host}` };
}

export async function openTarget(to: string, env: Env): Promise<Target> {
  const open = TARGETS[to];
  if (!open) throw new Error(`--to must be one of ${Object.keys(TARGETS).join(', ')}`);
  return open(env);
}
