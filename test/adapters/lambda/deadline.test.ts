import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aws4fetchTransport } from '../../../adapters/lambda/aws4fetch-transport.js';
import { createLambdaHandler } from '../../../adapters/lambda/create-handler.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { silentEndpoint } from '../../support/dead-endpoint.js';

// FAULT INJECTION: DynamoDB is a loopback socket that accepts and never answers. The time Lambda
// grants the invocation (`context.getRemainingTimeInMillis`) reaches the core through the adapter's
// bindings: the request gives up with its own 503 before Lambda would cut it off, instead of waiting
// out the transport's 10 s timeout and its retries (about 50 s).
const secret = 'lambda-deadline-secret-0123456789abcdef';
let store: Awaited<ReturnType<typeof silentEndpoint>>;
beforeAll(async () => {
  store = await silentEndpoint();
});
afterAll(() => store.close());

const event = (token: string) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: '/v1/users/me',
  rawQueryString: '',
  headers: { host: 'api.example.com', authorization: `Bearer ${token}` },
  requestContext: {
    http: { method: 'GET', path: '/v1/users/me', sourceIp: '203.0.113.1' },
    domainName: 'api.example.com',
    stage: '$default',
  },
  isBase64Encoded: false,
});

describe('the Lambda handler under its invocation deadline (fault injection: a store that never answers)', () => {
  it('fault injection: answers 503 problem+json with Retry-After before the remaining time runs out', async () => {
    const handler = createLambdaHandler({
      transports: { aws4fetch: aws4fetchTransport },
      env: () => ({
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        PARLEY_STAGE: 'test',
        AUTH_MODE: 'hs256',
        AUTH_HS256_SECRET: secret,
        CURSOR_SECRET: 'lambda-deadline-cursor-0123456789abcdef',
        DYNAMODB_TABLE: 'parley',
        DYNAMODB_ENDPOINT: store.url,
        DYNAMODB_TRANSPORT: 'aws4fetch',
      }),
    });
    // 1.5 s left: the core keeps 1 s back, so its store calls are cut at about 0.5 s.
    const context = { awsRequestId: 'aws-deadline-1', getRemainingTimeInMillis: () => 1500 };
    const result = await handler(event(await signDevToken({ sub: 'alice', secret })), context);
    expect(result.statusCode, result.body).toBe(503);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
    expect(Number(result.headers?.['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(result.body)).toMatchObject({ type: 'https://parley.dev/problems/service-unavailable' });
  });
});
