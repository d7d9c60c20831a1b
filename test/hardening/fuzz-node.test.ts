import { describeFuzz } from './campaigns/fuzz.js';
import { nodeServerTarget } from './support/targets.js';

// Campaign 1 through the Node server on a loopback socket, DynamoDB Local (`dynamodbEndpoint`) behind it.
// One file per target so the big fuzz runs in parallel; the Worker's run is in test/runtime/workerd.test.ts.
describeFuzz(() => nodeServerTarget());
