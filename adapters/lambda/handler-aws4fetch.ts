import { createLambdaHandler } from './create-handler.js';
import { aws4fetchTransport } from './aws4fetch-transport.js';

/**
 * The Lambda entry without the AWS SDK (build target `lambda-aws4fetch`): DynamoDB over aws4fetch
 * only, for the smallest bundle and cold start. The build fails if an SDK module gets into it.
 */
export const handler = createLambdaHandler({ transports: { aws4fetch: aws4fetchTransport } });
