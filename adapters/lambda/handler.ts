import { createLambdaHandler } from './create-handler.js';
import { sdkTransport } from './sdk-transport.js';
import { aws4fetchTransport } from './aws4fetch-transport.js';

/**
 * The Lambda entry (`template.yaml`: `Handler: handler.handler`). DynamoDB goes through the AWS SDK
 * v3 client unless `DYNAMODB_TRANSPORT=aws4fetch`.
 */
export const handler = createLambdaHandler({ transports: { sdk: sdkTransport, aws4fetch: aws4fetchTransport } });
