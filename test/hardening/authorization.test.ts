import { describe } from 'vitest';
import { describeAuthorization } from './campaigns/authorization.js';
import { lambdaV2Target, nodeServerTarget } from './support/targets.js';

// Campaign 3 through the Node server (loopback) and the built Lambda bundle (HTTP API v2 events), both on
// DynamoDB Local (`dynamodbEndpoint`). The Worker's run is in test/runtime/workerd.test.ts.
describe('node server', () => describeAuthorization(() => nodeServerTarget()));
describe('lambda bundle', () => describeAuthorization(() => lambdaV2Target()));
