import { fileURLToPath } from 'node:url';
import { signDevToken } from '../../src/auth/dev-token.js';
import { nodeJson } from './processes.js';
import type { BenchRow } from './report.js';
import { interleaved, median, progressLine, round } from './stats.js';

const probe = fileURLToPath(new URL('probes/first-call.mjs', import.meta.url));
const SECRET = 'bench-secret-bench-secret-bench-secret';

interface FirstCall {
  importMs: number;
  firstCallMs: number;
  status: number;
}

/**
 * The SDK transport's first-call cost: a fresh process imports the shipped Lambda bundle and handles
 * one authenticated Function URL request that reads DynamoDB Local (`GET /v1/users/me`), so the first
 * call pays for app start-up, the transport (with the SDK: importing its chunk and building the
 * client) and one round trip. The same bundle with `DYNAMODB_TRANSPORT=aws4fetch`, interleaved, is the
 * floor: the difference is what choosing the SDK adds to every cold start (template.yaml's default).
 */
export async function sdkFirstCallRow(
  /** The shipped Lambda bundle (both transports), run with each `DYNAMODB_TRANSPORT` in turn. */
  bundle: string,
  dynamodb: { endpoint: string; table: string },
  rounds: number,
  /** The NODE_OPTIONS template.yaml gives the function. */
  nodeOptions: string,
): Promise<BenchRow> {
  const event = await functionUrlEvent(await signDevToken({ sub: 'bench-first-call', secret: SECRET }));
  const env = {
    AUTH_MODE: 'hs256',
    AUTH_HS256_SECRET: SECRET,
    CURSOR_SECRET: SECRET,
    DYNAMODB_TABLE: dynamodb.table,
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    PROBE_EVENT: JSON.stringify(event),
  };
  const results = { sdk: [] as FirstCall[], aws4fetch: [] as FirstCall[] };
  await interleaved(
    ['sdk', 'aws4fetch'] as const,
    rounds,
    async (variant) => {
      const sample = await nodeJson<FirstCall>([probe, bundle], {
        ...env,
        DYNAMODB_TRANSPORT: variant,
        ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
      });
      // Both answer "no profile yet" from DynamoDB; anything else means the call did not do the same work.
      if (sample.status !== 404) throw new Error(`${variant} first call answered ${sample.status}, expected 404`);
      results[variant].push(sample);
      return sample.firstCallMs;
    },
    progressLine('SDK first call'),
  );

  const delta = median(results.sdk.map((s, i) => s.firstCallMs - results.aws4fetch[i]!.firstCallMs));
  const sdkMs = median(results.sdk.map((s) => s.firstCallMs));
  const floorMs = median(results.aws4fetch.map((s) => s.firstCallMs));
  return {
    measure: 'first call (cold)',
    subject: `lambda, DYNAMODB_TRANSPORT=sdk: first call${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions})` : ''}`,
    figure: `${round(sdkMs, 1)} ms (+${round(delta, 1)} ms)`,
    floor: `the same bundle, DYNAMODB_TRANSPORT=aws4fetch: ${round(floorMs, 1)} ms`,
    budget: 'reported',
    met: null,
    data: {
      rounds,
      sdkFirstCallMs: sdkMs,
      aws4fetchFirstCallMs: floorMs,
      deltaMs: delta,
      sdkImportMs: median(results.sdk.map((s) => s.importMs)),
    },
  };
}

/** A Lambda Function URL event (payload 2.0) for `GET /v1/users/me`. https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html */
async function functionUrlEvent(token: string) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/users/me',
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, host: 'bench.lambda-url.us-east-1.on.aws' },
    requestContext: {
      accountId: '123456789012',
      apiId: 'bench',
      domainName: 'bench.lambda-url.us-east-1.on.aws',
      domainPrefix: 'bench',
      http: { method: 'GET', path: '/v1/users/me', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: 'bench',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jan/2026:00:00:00 +0000',
      timeEpoch: 1767225600000,
    },
    isBase64Encoded: false,
  };
}
