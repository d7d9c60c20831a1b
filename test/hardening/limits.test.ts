import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { handler } from '../../adapters/lambda-edge/handler.js';
import { describeLimits } from './campaigns/limits.js';
import { lambdaV2Target, nodeServerTarget } from './support/targets.js';
import { workerHardeningTarget } from './support/worker-target.js';

// Campaign 6 through the Node server (loopback socket) and the built Lambda bundle (HTTP API v2 events),
// both on DynamoDB Local (`dynamodbEndpoint`), and the Worker in the run's one workerd (KV).
describe('node server', () => describeLimits(() => nodeServerTarget(), { socket: true }));
describe('lambda bundle', () => describeLimits(() => lambdaV2Target(), { socket: false }));
describe('worker', () => describeLimits(() => workerHardeningTarget(), { socket: true }));

describe('campaign 6: limits (Lambda@Edge)', () => {
  it('refuses a body CloudFront truncated with 413, before building the app', async () => {
    const data = Buffer.from(JSON.stringify({ body: 'x'.repeat(4000) })).toString('base64');
    const result = (await handler({
      Records: [
        {
          cf: {
            config: {
              distributionDomainName: 'd1.cloudfront.net',
              distributionId: 'E1',
              eventType: 'origin-request',
              requestId: 'r1',
            },
            request: {
              clientIp: '203.0.113.10',
              method: 'POST',
              uri: '/v1/conversations/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages',
              querystring: '',
              headers: { 'content-type': [{ key: 'Content-Type', value: 'application/json' }] },
              body: { inputTruncated: true, action: 'read-only', encoding: 'base64', data },
            },
          },
        },
      ],
    })) as { status: string; headers: Record<string, Array<{ value: string }>>; body: string };
    expect(result.status).toBe('413');
    expect(result.headers['content-type']?.[0]?.value).toBe('application/problem+json');
    expect(JSON.parse(result.body).status).toBe(413);
  });
});
