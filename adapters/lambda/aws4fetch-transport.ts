import { createAws4fetchTransport, credentialsFromEnv } from '../../src/repository/dynamodb/index.js';
import type { TransportFactory } from './deps.js';

/**
 * DynamoDB over aws4fetch: SigV4 over `fetch`, no AWS SDK in the bundle. Credentials are the ones
 * the Lambda runtime puts in the environment.
 */
export const aws4fetchTransport: TransportFactory = ({ env, region, endpoint }) =>
  createAws4fetchTransport({ region, credentials: credentialsFromEnv(env), ...(endpoint ? { endpoint } : {}) });
