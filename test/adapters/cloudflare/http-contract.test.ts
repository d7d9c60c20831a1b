import { describeHttpContract } from '../../contract/http.js';
import { durableObjectWorkerTarget, dynamoWorkerTarget, workerTarget } from './target.js';

// The Worker (adapters/cloudflare/worker.ts, bundled as wrangler does) in the run's one workerd,
// over real HTTP: the whole HTTP contract on Workers KV, on DynamoDB through aws4fetch, and on
// SQLite-backed Durable Objects (the Worker's own classes).
describeHttpContract('worker (workerd, KV)', async () => workerTarget());
describeHttpContract('worker (workerd, DynamoDB Local via aws4fetch)', async () => dynamoWorkerTarget());
describeHttpContract('worker (workerd, Durable Objects)', async () => durableObjectWorkerTarget());
