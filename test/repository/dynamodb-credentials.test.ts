import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/repository/errors.js';
import {
  containerCredentials,
  createAws4fetchTransport,
  createDynamoRepository,
  credentialsFromEnv,
} from '../../src/repository/dynamodb/index.js';
import { expectRejection, makeUser } from '../contract/repository/fixtures.js';
import { dynamodbEndpoint, freshTable, REGION, transports } from './dynamodb-fixtures.js';

const TOKEN = 'tes-authorization-token';

/**
 * A container credentials endpoint as Greengrass's Token Exchange Service serves it: checks the
 * `Authorization` token, hands out numbered temporary keys that expire `lifetimeSeconds` after `now()`.
 */
function credentialsEndpoint(now: () => Date, lifetimeSeconds: number) {
  let issued = 0;
  const server: Server = createServer((req, res) => {
    if (req.headers.authorization !== TOKEN) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"bad token"}');
      return;
    }
    issued += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        AccessKeyId: `ASIATEST${issued}`,
        SecretAccessKey: `secret-${issued}`,
        Token: `session-${issued}`,
        Expiration: new Date(now().getTime() + lifetimeSeconds * 1000).toISOString(),
      }),
    );
  });
  return {
    server,
    issued: () => issued,
    url: () => `http://127.0.0.1:${(server.address() as { port: number }).port}/2016-11-01/credentialprovider/`,
  };
}

describe('aws4fetch transport with container credentials (Token Exchange Service)', () => {
  let clock = new Date('2030-01-01T00:00:00Z');
  const endpoint = credentialsEndpoint(() => clock, 3600);
  const signedWith: string[] = [];
  // Records which access key signed each DynamoDB request, then sends it on unchanged.
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    signedWith.push(/Credential=([^/]+)\//.exec(request.headers.get('authorization') ?? '')?.[1] ?? 'unsigned');
    expect(request.headers.get('x-amz-security-token')).toMatch(/^session-\d+$/);
    return fetch(request);
  };
  let tableName: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
    tableName = await freshTable(transports.aws4fetch(dynamodbEndpoint()), 'credentials');
  });
  afterAll(() => new Promise<void>((resolve) => endpoint.server.close(() => resolve())));

  it('signs DynamoDB Local requests with the served keys and refreshes them before they expire', async () => {
    const env = { AWS_CONTAINER_CREDENTIALS_FULL_URI: endpoint.url(), AWS_CONTAINER_AUTHORIZATION_TOKEN: TOKEN };
    const credentials = credentialsFromEnv(env, { now: () => clock, refreshBeforeSeconds: 300 });
    const transport = createAws4fetchTransport({
      region: REGION,
      endpoint: dynamodbEndpoint(),
      credentials,
      fetch: recordingFetch,
    });
    const repo = createDynamoRepository({ transport, tableName });
    const user = makeUser();

    await repo.saveUser(user, 'absent');
    expect(await repo.getUser(user.id)).toStrictEqual(user);
    expect(endpoint.issued()).toBe(1); // cached between requests

    clock = new Date(clock.getTime() + 3300 * 1000 + 1000); // inside the 5-minute refresh window
    expect(await repo.getUser(user.id)).toStrictEqual(user);
    expect(endpoint.issued()).toBe(2);
    expect(signedWith).toEqual(['ASIATEST1', 'ASIATEST1', 'ASIATEST2']);
  });

  it('a wrong token is StoreUnavailableError (the endpoint refuses; nothing is sent unsigned)', async () => {
    const before = signedWith.length;
    const credentials = containerCredentials({ uri: endpoint.url(), authorizationToken: 'wrong', now: () => clock });
    const transport = createAws4fetchTransport({
      region: REGION,
      endpoint: dynamodbEndpoint(),
      credentials,
      fetch: recordingFetch,
    });
    const repo = createDynamoRepository({ transport, tableName, retry: { sleep: async () => {} } });
    await expectRejection(repo.getUser('anyone'), StoreUnavailableError);
    expect(signedWith.length).toBe(before);
  });

  it('accepts plain http only for loopback and the container hosts', () => {
    expect(() => containerCredentials({ uri: 'http://example.com/creds' })).toThrow(/https or a loopback/);
    expect(() => containerCredentials({ uri: 'http://169.254.170.2/v2/credentials/x' })).not.toThrow();
    expect(() => credentialsFromEnv({})).toThrow(/no AWS credentials/);
  });
});
