import { createAws4fetchTransport, credentialsFromEnv } from '../../src/repository/dynamodb/index.js';
import type { TransportFactory } from './deps.js';

/**
 * DynamoDB over aws4fetch: SigV4 over `fetch`, no AWS SDK in the bundle. Credentials are the ones
 * the Lambda runtime puts in the environment.
 */
export const aws4fetchTransport: TransportFactory = (env) =>
  createAws4fetchTransport({
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: credentialsFromEnv(env),
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}),
  });
