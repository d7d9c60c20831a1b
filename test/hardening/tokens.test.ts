import { describeTokens } from './campaigns/tokens.js';
import { lambdaV2Target, nodeServerTarget } from './support/targets.js';

// Campaign 2 through the Node server (loopback) and the built Lambda bundle (HTTP API v2 events), both
// on DynamoDB Local (`dynamodbEndpoint`), in JWKS mode against a loopback JWKS server.
describeTokens('node server', (source) => nodeServerTarget(source));
describeTokens('lambda bundle', (source) => lambdaV2Target(source));
