import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { describeRepositoryContract } from '../contract/repository.js';
import { remoteRepository } from './remote.js';

// The repository contract on Workers KV, running inside workerd on a real KV binding (through the
// bridge Worker); the cases KV cannot honour are skipped by its declared capabilities.
describeRepositoryContract('kv (workerd)', async () => ({
  repository: await remoteRepository(workerUrl(WORKERS.bridge), 'kv'),
}));
