import { Miniflare } from 'miniflare';
import { afterAll, beforeAll } from 'vitest';
import { createKvRepository } from '../../src/repository/kv/index.js';
import { describeRepositoryContract } from '../contract/repository.js';
import { describeHttpContract } from '../contract/http.js';
import { describeKvFaults } from './kv-faults.js';
import { describeWorkerConfigFailures } from './worker-config.cases.js';
import { describeDynamoWorker } from './worker-dynamodb.cases.js';
import { parleyWorkers, workerTarget } from './worker-setup.js';
import { compatibilityDate } from './worker-bundle.js';
import { authJwksWorker, describeJwksInWorkerd } from './auth-jwks.cases.js';
import { dynamodbEndpoint, freshTable, LOCAL_KEYS, REGION, transports } from '../repository/dynamodb-fixtures.js';
import { describeAuthorization } from '../hardening/campaigns/authorization.js';
import { describeFuzz } from '../hardening/campaigns/fuzz.js';
import { describeLimits } from '../hardening/campaigns/limits.js';
import { captureWorkerdOutput, workerHardeningTarget } from '../hardening/support/worker-target.js';

/**
 * Everything that runs inside workerd, in one file so workerd starts once per run: ONE Miniflare,
 * shared by every suite below. It is started on first use (the repository contract needs its
 * namespace while tests are collected, to know which capability-gated cases to skip) and in
 * `beforeAll` at the latest, and disposed in `afterAll`.
 *
 * Bindings: `PARLEY_KV` belongs to the Worker under test; `CONTRACT_KV` to the repository
 * contract and the KV fault cases (they use fresh ids, so a shared namespace would work too).
 */
let started: Promise<Miniflare> | undefined;
let stopJwks: (() => Promise<void>) | undefined;
function workerd(): Promise<Miniflare> {
  started ??= (async () => {
    // The Worker (adapters/cloudflare/worker.ts bundled like wrangler does) comes first, so the
    // Miniflare entry URL and `getKVNamespace()` are its; misconfigured copies follow.
    const dynamodb = { ...LOCAL_KEYS, region: REGION, endpoint: dynamodbEndpoint() };
    const table = await freshTable(transports.aws4fetch(dynamodb.endpoint), 'worker');
    const auth = await authJwksWorker(await compatibilityDate());
    stopJwks = auth.close;
    const workers = await parleyWorkers(['CONTRACT_KV'], { ...dynamodb, table });
    // handleRuntimeStdio: the hardening campaigns search the Worker's log lines for secrets.
    const mf = new Miniflare({ workers: [...workers, auth.options], handleRuntimeStdio: captureWorkerdOutput });
    await mf.ready;
    return mf;
  })();
  return started;
}

beforeAll(async () => {
  await workerd();
});
afterAll(async () => {
  if (started) await (await started).dispose();
  await stopJwks?.();
});

const contractNamespace = async () => (await workerd()).getKVNamespace('CONTRACT_KV');

// --- Workers KV repository: the shared contract, then KV-only fault injection ---------------------
describeRepositoryContract('kv (workerd)', async () => ({
  repository: createKvRepository({ namespace: await contractNamespace() }),
}));
describeKvFaults(contractNamespace);

// --- The Worker's HTTP contract (added by the "cloudflare" helper) --------------------------------
describeHttpContract('worker (workerd, KV)', async () => workerTarget(await workerd()));
describeDynamoWorker(workerd);
describeWorkerConfigFailures(workerd);

// --- Token verification in JWKS mode, inside workerd -------------------------------------------
describeJwksInWorkerd(workerd);

// --- Hardening campaigns through the Worker (added by the "hardening" helper; see test/hardening/) --
describeFuzz(async () => workerHardeningTarget(await workerd()));
describeAuthorization(async () => workerHardeningTarget(await workerd()));
describeLimits(async () => workerHardeningTarget(await workerd()), { socket: true });
