import { describeHttpContract } from '../../contract/http.js';
import { dynamoWorkerTarget, workerTarget } from './target.js';

// The Worker (adapters/cloudflare/worker.ts, bundled as wrangler does) in the run's one workerd,
// over real HTTP: the whole HTTP contract on Workers KV, and again on DynamoDB through aws4fetch.
describeHttpContract('worker (workerd, KV)', async () => workerTarget());
describeHttpContract('worker (workerd, DynamoDB Local via aws4fetch)', async () => dynamoWorkerTarget());
