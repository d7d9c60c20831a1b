import { socketFetch } from '../../contract/http/socket-fetch.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../../adapters/node/server.js';
import { createNodeDeps } from '../../../adapters/node/deps.js';
import { createApp } from '../../../src/app.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { describeHttpContract, type HttpTarget } from '../../contract/http.js';
import { CONTRACT_ORIGIN } from '../../contract/http/cors.cases.js';
import { deadEndpoint } from '../../support/dead-endpoint.js';
import { MEDIA_TEST_VARIABLES } from '../../support/media-env.js';
import { freshLocalTable, localDynamoVariables } from '../../repository/dynamodb-fixtures.js';

// The shared HTTP contract against the Node server on a real loopback socket: every request goes
// over TCP to @hono/node-server and back.
const SECRET = 'node-contract-hs256-secret-0123456789';

/** The server as `node dist/node/server.js` builds it, from these environment variables. */
async function serve(storage: Record<string, string>): Promise<HttpTarget & { server: RunningServer }> {
  const env = {
    AUTH_MODE: 'hs256',
    AUTH_HS256_SECRET: SECRET,
    CURSOR_SECRET: 'node-contract-cursor-secret-0123456789',
    ...MEDIA_TEST_VARIABLES,
    CORS_ALLOWED_ORIGINS: CONTRACT_ORIGIN,
    ...storage,
  };
  const app = createApp(createNodeDeps(env, 'node', () => {}));
  const server = await startServer({ fetch: app.fetch, port: 0 });
  return {
    server,
    baseUrl: server.url,
    // The suite builds requests against baseUrl; send them over the socket as they are.
    fetch: socketFetch,
    token: (sub, opts) => signDevToken({ sub, secret: SECRET, ...opts }),
    close: () => server.close(),
  };
}

describeHttpContract('node server (loopback socket, DynamoDB Local)', async () => {
  return serve((await freshLocalTable('node')).variables);
});

describeHttpContract('node server (loopback socket, memory)', () => serve({ STORAGE_BACKEND: 'memory' }));

describe('node server while DynamoDB is unreachable', () => {
  let target: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    target = await serve(localDynamoVariables('parley', await deadEndpoint()));
  });
  afterAll(() => target.close?.());

  it('answers 503 problem+json with Retry-After, and stays up', async () => {
    const token = await target.token('someone');
    const response = await fetch(`${target.server.url}/v1/users/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const body = await response.json();
    expect(body).toMatchObject({ type: 'https://parley.dev/problems/service-unavailable', status: 503 });
    expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|DynamoDB/);
    expect((await fetch(`${target.server.url}/health`)).status).toBe(200);
  });
});
