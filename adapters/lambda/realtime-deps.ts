import type { StorageConfig, TargetConfig } from '../../src/config.js';
import { dynamoConnectionStore } from '../../src/realtime/dynamodb-connections.js';
import type { FanOutDeps } from '../../src/realtime/fan-out.js';
import type { GatewayDeps } from '../../src/realtime/gateway.js';
import { managementApi } from '../../src/realtime/management-api.js';
import { ticketOpener } from '../../src/realtime/ticket.js';
import { StartupUnavailableError } from '../../src/startup.js';
import { aws4fetchTransport } from './aws4fetch-transport.js';
import { createLambdaDeps } from './deps.js';
import type { LambdaEnv } from './env.js';

/**
 * What the real-time functions (the WebSocket routes and the stream-fed fan-out) need, from the
 * same environment as the API function (config, SSM secrets, DynamoDB over aws4fetch: no SDK) plus
 * `REALTIME_CONNECTIONS_URL`, the management endpoint, signed with the function's own credentials.
 */
export async function createRealtimeLambdaDeps(env: LambdaEnv): Promise<GatewayDeps & FanOutDeps> {
  const { config, repository } = await createLambdaDeps(env, { aws4fetch: aws4fetchTransport });
  // `createLambdaDeps` parsed a `TargetConfig`, on the dynamodb backend (the only one Lambda offers).
  const storage = (config as TargetConfig).storage as Extract<StorageConfig, { backend: 'dynamodb' }>;
  const endpoint = env.REALTIME_CONNECTIONS_URL;
  if (!endpoint) throw new StartupUnavailableError('REALTIME_CONNECTIONS_URL is not set');
  const region = storage.region ?? env.AWS_REGION ?? '';
  return {
    tickets: ticketOpener(config.cursorSecret),
    connections: dynamoConnectionStore(aws4fetchTransport({ env, region, endpoint: storage.endpoint }), storage.table),
    post: managementApi({
      endpoint,
      region,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      },
    }),
    getConversation: (id) => repository.getConversation(id),
    participants: async (id) => (await repository.getConversation(id))?.participantIds ?? [],
    now: Date.now,
  };
}
