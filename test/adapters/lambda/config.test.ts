import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaDeps } from '../../../adapters/lambda/deps.js';
import { aws4fetchTransport } from '../../../adapters/lambda/aws4fetch-transport.js';
import { resolveSecrets } from '../../../adapters/lambda/ssm-secrets.js';
import { ConfigError } from '../../../src/config.js';

/**
 * A stand-in for SSM Parameter Store on a real loopback socket (there is no local SSM emulator):
 * it answers `GetParameters` from a fixed map and records what it was sent.
 */
const stored: Record<string, string> = {
  '/parley/test/cursor-secret': 'cursor-secret-from-ssm-0123456789abcdef',
  '/parley/test/hs256-secret': 'hs256-secret-from-ssm-0123456789abcdef',
};
const seen: Array<{ headers: IncomingMessage['headers']; body: { Names: string[]; WithDecryption: boolean } }> = [];
const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => (raw += chunk));
  req.on('end', () => {
    const body = JSON.parse(raw) as { Names: string[]; WithDecryption: boolean };
    seen.push({ headers: req.headers, body });
    const Parameters = body.Names.filter((n) => n in stored).map((Name) => ({ Name, Value: stored[Name] }));
    const InvalidParameters = body.Names.filter((n) => !(n in stored));
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    res.end(JSON.stringify({ Parameters, InvalidParameters }));
  });
});
let endpoint = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const runtime = () => ({
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
  AWS_SESSION_TOKEN: 'session',
  AWS_ENDPOINT_URL_SSM: endpoint,
});

describe('secrets from SSM Parameter Store', () => {
  it('reads every named parameter in one signed, decrypting GetParameters call', async () => {
    seen.length = 0;
    const env = await resolveSecrets({
      ...runtime(),
      CURSOR_SECRET_PARAMETER: '/parley/test/cursor-secret',
      AUTH_HS256_SECRET_PARAMETER: '/parley/test/hs256-secret',
    });
    expect(env.CURSOR_SECRET).toBe(stored['/parley/test/cursor-secret']);
    expect(env.AUTH_HS256_SECRET).toBe(stored['/parley/test/hs256-secret']);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toEqual({
      Names: ['/parley/test/cursor-secret', '/parley/test/hs256-secret'],
      WithDecryption: true,
    });
    expect(seen[0]!.headers['x-amz-target']).toBe('AmazonSSM.GetParameters');
    expect(seen[0]!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/ssm\/aws4_request/,
    );
    expect(seen[0]!.headers['x-amz-security-token']).toBe('session');
  });

  it('does not call SSM for a variable that is already set, or a blank parameter name', async () => {
    seen.length = 0;
    const env = {
      ...runtime(),
      CURSOR_SECRET: 'already-set-0123456789abcdef0123',
      CURSOR_SECRET_PARAMETER: '/x',
      AUTH_HS256_SECRET_PARAMETER: ' ',
    };
    expect(await resolveSecrets(env)).toEqual(env);
    expect(seen).toHaveLength(0);
  });

  it('names a missing parameter (never a value) in a ConfigError', async () => {
    const failure = resolveSecrets({ ...runtime(), CURSOR_SECRET_PARAMETER: '/parley/test/absent' });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow('SSM parameter /parley/test/absent (for CURSOR_SECRET) not found');
  });
});

describe('createLambdaDeps', () => {
  const base = () => ({
    ...runtime(),
    CURSOR_SECRET_PARAMETER: '/parley/test/cursor-secret',
    AUTH_HS256_SECRET_PARAMETER: '/parley/test/hs256-secret',
    DYNAMODB_TABLE: 'parley-test',
  });

  it('treats the blank values CloudFormation sets for unused parameters as unset', async () => {
    const deps = await createLambdaDeps(
      { ...base(), AUTH_ISSUER: '', AUTH_AUDIENCE: '', AUTH_JWKS_URL: '' },
      { aws4fetch: aws4fetchTransport },
    );
    expect(deps.config).toMatchObject({ target: 'lambda', auth: { mode: 'hs256' } });
    expect(deps.config.auth).not.toHaveProperty('issuer');
    expect(deps.repository.backend).toBe('dynamodb');
    // No WebSocket API named (REALTIME_URL blank): the tickets route answers 404.
    expect(deps.realtime).toBeUndefined();
  });

  it("turns the tickets route on when the template names the WebSocket API's URL", async () => {
    const url = 'wss://abc123.execute-api.eu-west-1.amazonaws.com/dev';
    const deps = await createLambdaDeps({ ...base(), REALTIME_URL: url }, { aws4fetch: aws4fetchTransport });
    expect(deps.realtime).toBe(true);
    expect(deps.config.realtimeUrl).toBe(url);
  });

  it('collects every configuration problem into one ConfigError', async () => {
    const failure = createLambdaDeps(
      { ...base(), DYNAMODB_TABLE: '', DYNAMODB_TRANSPORT: 'sdk', AUTH_MODE: 'jwks' },
      { aws4fetch: aws4fetchTransport },
    );
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toMatchObject({
      problems: [
        'AUTH_JWKS_URL is required',
        'DYNAMODB_TABLE is required when STORAGE_BACKEND is dynamodb',
        'DYNAMODB_TRANSPORT must be one of aws4fetch in this bundle',
      ],
    });
  });
});

describe('the Lambda handler while SSM does not answer', () => {
  it("answers 503 problem+json with Retry-After (not API Gateway's bare 500), and recovers when SSM is back", async () => {
    const { createLambdaHandler } = await import('../../../adapters/lambda/create-handler.js');
    let ssm = 'http://127.0.0.1:9/'; // discard port: nothing answers
    const handler = createLambdaHandler({
      transports: { aws4fetch: aws4fetchTransport },
      env: () => ({
        ...runtime(),
        AWS_ENDPOINT_URL_SSM: ssm,
        CURSOR_SECRET_PARAMETER: '/parley/test/cursor-secret',
        AUTH_HS256_SECRET_PARAMETER: '/parley/test/hs256-secret',
        DYNAMODB_TABLE: 'parley',
        PARLEY_STAGE: 'production',
      }),
    });
    const event = {
      version: '2.0',
      routeKey: '$default',
      rawPath: '/health',
      rawQueryString: '',
      headers: { host: 'api.example.com' },
      requestContext: {
        http: { method: 'GET', path: '/health', sourceIp: '203.0.113.1' },
        domainName: 'api.example.com',
        stage: '$default',
      },
      isBase64Encoded: false,
    };
    const down = await handler(event, { awsRequestId: 'aws-req-1' });
    expect(down.statusCode).toBe(503);
    expect(down.headers?.['content-type']).toBe('application/problem+json');
    expect(Number(down.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(down.body ?? '{}')).toMatchObject({ type: 'https://parley.dev/problems/service-unavailable' });
    ssm = endpoint;
    const up = await handler(event, { awsRequestId: 'aws-req-2' });
    expect(up.statusCode).toBe(200);
  });
});
