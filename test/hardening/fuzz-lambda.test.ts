import { describeFuzz } from './campaigns/fuzz.js';
import { lambdaV2Target } from './support/targets.js';

// Campaign 1 through the built Lambda bundle with HTTP API v2 events, on DynamoDB Local (`dynamodbEndpoint`).
describeFuzz(() => lambdaV2Target());
