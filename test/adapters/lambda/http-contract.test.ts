import { MEDIA_TEST_VARIABLES } from '../../support/media-env.js';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { describeHttpContract } from '../../contract/http.js';
import { CONTRACT_ORIGIN } from '../../contract/http/cors.cases.js';
import { freshLocalTable } from '../../repository/dynamodb-fixtures.js';
import { FRONT_DOORS, toEvent, toResponse, type FrontDoor } from './front-doors.js';

/**
 * The shared HTTP contract through the BUILT Lambda bundles (what `template.yaml` deploys), once per
 * front door, against DynamoDB Local (`dynamodbEndpoint`): every request is turned into the event
 * that front door sends, handed to `handler`, and the result turned back into a Response.
 */
const secret = 'lambda-contract-hs256-secret-0123456789';
const outdir = mkdtempSync(join(tmpdir(), 'parley-lambda-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

type Handler = (event: unknown, context: { awsRequestId: string }) => Promise<unknown>;

let bundles: Promise<Record<'lambda' | 'lambda-aws4fetch', Handler>> | undefined;

/** Builds both Lambda bundles once for this file and configures them the way template.yaml does. */
function loadBundles(): Promise<Record<'lambda' | 'lambda-aws4fetch', Handler>> {
  bundles ??= (async () => {
    const { variables } = await freshLocalTable('lambda');
    Object.assign(process.env, {
      PARLEY_STAGE: 'test',
      AUTH_MODE: 'hs256',
      AUTH_HS256_SECRET: secret,
      AUTH_HS256_SECRET_PARAMETER: '',
      CURSOR_SECRET: 'lambda-contract-cursor-secret-0123456789',
      ...MEDIA_TEST_VARIABLES,
      AUTH_ISSUER: '',
      CORS_ALLOWED_ORIGINS: CONTRACT_ORIGIN,
      ...variables,
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    });
    await promisify(execFile)(
      process.execPath,
      ['scripts/build.mjs', 'lambda', 'lambda-aws4fetch', '--outdir', outdir],
      {
        cwd: new URL('../../../', import.meta.url),
      },
    );
    const load = async (target: string) =>
      ((await import(pathToFileURL(join(outdir, target, 'handler.mjs')).href)) as { handler: Handler }).handler;
    return { lambda: await load('lambda'), 'lambda-aws4fetch': await load('lambda-aws4fetch') };
  })();
  return bundles;
}

const cases: Array<[FrontDoor, 'lambda' | 'lambda-aws4fetch']> = [
  ...FRONT_DOORS.map((door) => [door, 'lambda'] as [FrontDoor, 'lambda']),
  ['apigw-v2', 'lambda-aws4fetch'],
];

for (const [door, bundle] of cases) {
  describeHttpContract(`Lambda bundle ${bundle} behind ${door}`, async () => {
    const handler = (await loadBundles())[bundle];
    return {
      fetch: async (request) => {
        const event = await toEvent(door, request);
        return toResponse(door, await handler(event, { awsRequestId: crypto.randomUUID() }));
      },
      token: (sub, opts) => signDevToken({ sub, secret, ...opts }),
    };
  });
}
