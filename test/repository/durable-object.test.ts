import { workerUrl } from '../adapters/cloudflare/target.js';
import { WORKERS } from '../adapters/cloudflare/workers.js';
import { describeRepositoryContract } from '../contract/repository.js';
import { remoteRepository } from './remote.js';

// The repository contract on SQLite-backed Durable Objects, running inside workerd on real
// Durable Object bindings (through the bridge Worker): every case runs, none is skipped.
describeRepositoryContract('durable-object (workerd)', async () => ({
  repository: await remoteRepository(workerUrl(WORKERS.bridge), 'durable-object'),
}));
