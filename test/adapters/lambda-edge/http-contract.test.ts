import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { describeHttpContract } from '../../contract/http.js';
import { CONTRACT_ORIGIN } from '../../contract/http/cors.cases.js';
import { buildTarget, type BuiltTarget } from '../node/build-target.js';
import { dynamodbEndpoint, freshTable, LOCAL_KEYS, transports } from '../../repository/dynamodb-fixtures.js';
import type {
  CloudFrontRequestEvent,
  CloudFrontResultResponse,
} from '../../../adapters/lambda-edge/cloudfront-event.js';
import { fromCloudFrontResult, viaCloudFront, type EdgeHandler } from './cloudfront-target.js';
import { deadEndpoint } from '../../support/dead-endpoint.js';

// The shared HTTP contract through the BUILT Lambda@Edge bundle (config baked in by the real build,
// exactly as deployed), every request encoded as a CloudFront origin-request event and every
// generated response checked against CloudFront's rules, on DynamoDB Local.
const SECRET = 'edge-contract-hs256-secret-0123456789';

interface Prepared {
  built: BuiltTarget;
  /** A fresh module instance of the bundle: its app (and replica state) is built on the first call. */
  load(region: string): Promise<EdgeHandler>;
}

let prepared: Promise<Prepared> | undefined;
const prepare = () => (prepared ??= doPrepare());

async function doPrepare(): Promise<Prepared> {
  const endpoint = dynamodbEndpoint();
  const tableName = await freshTable(transports.aws4fetch(endpoint), 'edge');
  const built = await buildTarget('lambda-edge', {
    EDGE_DYNAMODB_TABLE: tableName,
    // us-east-1 is DynamoDB Local; eu-central-1 is a loopback port nobody listens on.
    EDGE_DYNAMODB_REPLICA_REGIONS: 'us-east-1,eu-central-1',
    EDGE_DYNAMODB_ENDPOINTS: JSON.stringify({ 'us-east-1': endpoint, 'eu-central-1': await deadEndpoint() }),
    EDGE_PARLEY_STAGE: 'edge-test',
    EDGE_AUTH_MODE: 'hs256',
    EDGE_AUTH_HS256_SECRET: SECRET,
    EDGE_CURSOR_SECRET: 'edge-contract-cursor-secret-0123456789',
    EDGE_CORS_ALLOWED_ORIGINS: CONTRACT_ORIGIN,
  });
  // The reserved variables Lambda sets: the execution role's keys and the executing Region.
  process.env.AWS_ACCESS_KEY_ID = LOCAL_KEYS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_KEYS.secretAccessKey;
  let instance = 0;
  const load = async (region: string) => {
    const url = `${pathToFileURL(join(built.dir, 'handler.mjs')).href}?instance=${++instance}`;
    const { handler } = (await import(url)) as { handler: EdgeHandler };
    process.env.AWS_REGION = region;
    // The first call builds the app and reads AWS_REGION: do it now, while it is this instance's.
    const warm = await viaCloudFront(handler, new Request('https://edge.test/health'));
    if (warm.status !== 200) throw new Error(`warm-up: ${warm.status} ${await warm.text()}`);
    return handler;
  };
  return { built, load };
}

const token = (sub: string) => signDevToken({ sub, secret: SECRET });

describeHttpContract('lambda-edge (built bundle, CloudFront events, DynamoDB Local)', async () => {
  const handler = await (await prepare()).load('us-east-1');
  return {
    baseUrl: 'https://edge.test',
    // Other paths go back to CloudFront for the origin (the pass-through is tested in handler.test.ts).
    ownsAllPaths: false,
    media: 'Lambda@Edge forwards /v1/*/attachments to the origin Region (no bucket at the edge)',
    fetch: (request) => viaCloudFront(handler, request),
    token: (sub, opts) => signDevToken({ sub, secret: SECRET, ...opts }),
  };
});

describe('lambda-edge bundle', () => {
  let p: Prepared;
  beforeAll(async () => {
    p = await prepare();
  });

  it('stays under 100 KB gzipped, with no AWS SDK code in it', () => {
    console.log(`lambda-edge bundle: ${p.built.size.bytes} bytes, ${p.built.size.gzipBytes} bytes gzipped`);
    expect(p.built.size.gzipBytes).toBeLessThan(100 * 1024);
    const inputs = Object.keys(p.built.meta.inputs);
    expect(inputs.some((input) => input.includes('node_modules/aws4fetch/'))).toBe(true);
    expect(inputs.filter((input) => /node_modules\/(@aws-sdk|@smithy)\//.test(input))).toEqual([]);
  });

  it('/health shows the execution Region and the replica it uses', async () => {
    const handler = await p.load('us-east-2');
    const health = await (await viaCloudFront(handler, new Request('https://edge.test/health'))).json();
    expect(health).toMatchObject({
      target: 'lambda-edge',
      stage: 'edge-test',
      storage: 'dynamodb',
      executionRegion: 'us-east-2',
      replica: { order: ['us-east-1', 'eu-central-1'], preferred: 'us-east-1', current: 'us-east-1', unhealthy: [] },
    });
  });

  it('fails over to the next replica when the nearest is down, and shows it', async () => {
    const handler = await p.load('eu-west-1');
    const before = await (await viaCloudFront(handler, new Request('https://edge.test/health'))).json();
    expect(before.replica).toMatchObject({ order: ['eu-central-1', 'us-east-1'], preferred: 'eu-central-1' });

    const me = `failover-${Date.now()}`;
    const auth = { authorization: `Bearer ${await token(me)}`, 'content-type': 'application/json' };
    const put = await viaCloudFront(
      handler,
      new Request('https://edge.test/v1/users/me', {
        method: 'PUT',
        headers: auth,
        body: JSON.stringify({ handle: `fo_${Date.now()}`, displayName: 'Failover' }),
      }),
    );
    expect(put.status, await put.clone().text()).toBe(201);
    const read = await viaCloudFront(handler, new Request('https://edge.test/v1/users/me', { headers: auth }));
    expect(read.status).toBe(200);

    const after = await (await viaCloudFront(handler, new Request('https://edge.test/health'))).json();
    expect(after.replica.current).toBe('us-east-1');
    expect(after.replica.unhealthy.map((u: { region: string }) => u.region)).toEqual(['eu-central-1']);
  });

  it('answers a 502 problem of its own for a response above the 1 MB generated-response limit', async () => {
    const handler = await p.load('us-east-1');
    const me = `big-${Date.now()}`;
    const headers = { authorization: `Bearer ${await token(me)}`, 'content-type': 'application/json' };
    const send = (method: string, path: string, body?: unknown) =>
      viaCloudFront(
        handler,
        new Request(`https://edge.test${path}`, {
          method,
          headers,
          body: body === undefined ? null : JSON.stringify(body),
        }),
      );
    const created = await send('POST', '/v1/conversations', { participantIds: [] });
    expect(created.status).toBe(201);
    const { id } = await created.json();
    // 86 messages × 4000 three-byte characters ≈ 1.03 MB of JSON: within Parley's limits, over CloudFront's.
    const body = '☕'.repeat(4000);
    for (let i = 0; i < 86; i += 8) {
      const batch = Array.from({ length: Math.min(8, 86 - i) }, () =>
        send('POST', `/v1/conversations/${id}/messages`, { body }),
      );
      for (const r of await Promise.all(batch)) expect(r.status).toBe(201);
    }
    const small = await send('GET', `/v1/conversations/${id}/messages?limit=10`);
    expect(small.status).toBe(200);
    const big = await send('GET', `/v1/conversations/${id}/messages?limit=100`);
    expect(big.status).toBe(502);
    expect(big.headers.get('content-type')).toBe('application/problem+json');
    expect(big.headers.get('x-request-id')).toBeTruthy();
    expect(await big.json()).toMatchObject({ type: 'https://parley.dev/problems/response-too-large', status: 502 });
  }, 120_000);

  it('on viewer-request, answers with viewer limits: /openapi.json (≈ 65 KB) becomes the 502 response-too-large problem', async () => {
    const handler = await p.load('us-east-1');
    const event = JSON.parse(
      readFileSync(new URL('../../fixtures/events/cloudfront/viewer-request-openapi.json', import.meta.url), 'utf8'),
    ) as CloudFrontRequestEvent;
    const origin = await viaCloudFront(handler, new Request('https://edge.test/openapi.json'));
    expect(origin.status).toBe(200);
    expect((await origin.arrayBuffer()).byteLength).toBeGreaterThan(40_000);
    const result = (await handler(event, { getRemainingTimeInMillis: () => 5000 })) as CloudFrontResultResponse;
    const viewer = fromCloudFrontResult(result, 'viewer-request');
    expect(viewer.status).toBe(502);
    expect(viewer.headers.get('content-type')).toBe('application/problem+json');
    const problem = await viewer.json();
    expect(problem).toMatchObject({ type: 'https://parley.dev/problems/response-too-large', status: 502 });
    expect(problem.detail).toMatch(/40 KB .* viewer-request/);
    // What fits is served as usual, with the viewer event's read-only headers left out.
    const health = await viaCloudFront(handler, new Request('https://edge.test/health'), 'viewer-request');
    expect(health.status).toBe(200);
  });

  it('a bundle built without EDGE_* configuration answers a 500 problem naming what is missing', async () => {
    const unconfigured = await buildTarget('lambda-edge', { EDGE_DYNAMODB_TABLE: '' });
    const { handler } = (await import(pathToFileURL(join(unconfigured.dir, 'handler.mjs')).href)) as {
      handler: EdgeHandler;
    };
    const response = await viaCloudFront(handler, new Request('https://edge.test/health'));
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await response.json()) as { type: string; detail: string };
    expect(problem.type).toBe('https://parley.dev/problems/internal-error');
    expect(problem.detail).toMatch(/EDGE_DYNAMODB_TABLE/);
  });
});
