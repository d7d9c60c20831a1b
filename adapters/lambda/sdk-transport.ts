import type { DynamoTransport } from '../../src/repository/dynamodb/index.js';
import type { TransportFactory } from './deps.js';
import { mapSdkErrors } from './sdk-errors.js';

/**
 * DynamoDB over the AWS SDK v3 client of this container (region and credentials from the runtime).
 * The SDK is loaded by the first DynamoDB call, not when the bundle is imported: module init is the
 * cold start every container pays, so the SDK's cost moves to the first request that needs it
 * (`npm run bench` reports both). A failed load is not kept, so the next call tries again.
 */
export const sdkTransport: TransportFactory = ({ region, endpoint }) => {
  let loading: Promise<DynamoTransport> | undefined;
  // Only the SDK sits behind `import()` (`dynamodb-sdk-client.ts`); the error mapping is bundled here.
  const load = () =>
    import('./dynamodb-sdk-client.js').then(({ processDynamoClient, sendCommand }) => {
      const client = processDynamoClient({ region, ...(endpoint ? { endpoint } : {}) });
      return mapSdkErrors((operation, input, signal) => sendCommand(client, operation, input, signal));
    });
  return async (operation, input, call) => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return (await loading)(operation, input, call);
  };
};
