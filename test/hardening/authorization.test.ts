import { describe } from 'vitest';
import { describeAuthorization } from './campaigns/authorization.js';
import { lambdaV2Target, nodeServerTarget } from './support/targets.js';
import { workerHardeningTarget } from './support/worker-target.js';

// Campaign 3 through the Node server (loopback) and the built Lambda bundle (HTTP API v2 events), both on
// DynamoDB Local (`dynamodbEndpoint`), and the Worker in the run's one workerd (KV).
describe('node server', () => describeAuthorization(() => nodeServerTarget()));
describe('lambda bundle', () => describeAuthorization(() => lambdaV2Target()));
describe('worker', () => describeAuthorization(() => workerHardeningTarget()));
