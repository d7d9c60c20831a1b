import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_FUNCTIONS } from '../../../../scripts/dev/aws/functions.js';
import { ensureDevVars } from '../../../../scripts/dev/dev-vars.js';
import { type RunningLocalTarget, startLocalTarget } from '../../../../scripts/dev/local/main.js';
import { readTemplate, templateFunctions } from '../../../../scripts/template/functions.js';
import { signDevToken } from '../../../../src/auth/dev-token.js';
import { describeHttpContract } from '../../../contract/http.js';
import { socketFetch } from '../../../contract/http/socket-fetch.js';
import { dynamodbEndpoint } from '../../../repository/dynamodb-fixtures.js';
import { emfLines, emfProblems } from '../../../support/emf.js';

/**
 * `npm run dev -- --target aws` end to end: the bundle `npm run build` writes (built here into a
 * temporary dist/), in Lambda execution environments behind the local HTTP API front door on a
 * real loopback socket, against the run's DynamoDB Local, with secrets from a .dev.vars file; the
 * whole HTTP contract suite through it, then its output checked for one valid EMF line per request.
 */
const ROOT = new URL('../../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'parley-local-aws-'));
const devVarsFile = join(work, '.dev.vars');
afterAll(() => rmSync(work, { recursive: true, force: true }));

let output = '';
let running: RunningLocalTarget | undefined;
let secret = '';

async function start(): Promise<RunningLocalTarget> {
  secret = ensureDevVars(devVarsFile).vars.AUTH_HS256_SECRET!;
  running ??= await startLocalTarget({
    root: ROOT,
    target: 'aws',
    port: 0,
    dist: join(work, 'dist'),
    dynamodbEndpoint: dynamodbEndpoint(),
    table: `parley-local-aws-${Math.random().toString(36).slice(2, 8)}`,
    devVarsFile,
    output: (text) => void (output += text),
  });
  return running;
}

describeHttpContract('npm run dev -- --target aws (built Lambda bundle, local HTTP API, DynamoDB Local)', async () => {
  const local = await start();
  return {
    baseUrl: local.url,
    media: 'npm run dev -- --target aws has no local S3 stand-in yet: MEDIA_BUCKET is empty there (503)',
    fetch: socketFetch,
    token: (sub, opts) => signDevToken({ sub, secret, ...opts }),
  };
});

describe('npm run dev -- --target aws: what a newcomer sees', () => {
  beforeAll(async () => void (await start()), 120_000);
  afterAll(async () => running?.stop());

  it('prints a dev token and curl lines that work as printed', async () => {
    const local = running!;
    expect(local.banner).toContain(`behind a local HTTP API at ${local.url}`);
    const token = /^ {2}(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/m.exec(local.banner)?.[1];
    expect(token).toBe(local.token);
    const curls = local.banner.split('\n').filter((line) => line.startsWith('  curl '));
    expect(curls).toHaveLength(2);
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const run = (line: string) => promisify(execFile)('sh', ['-c', line]).then((r) => JSON.parse(r.stdout));
    expect(await run(curls[0]!)).toMatchObject({ id: 'demo-user', handle: 'demo' });
    expect(await run(curls[1]!)).toMatchObject({ id: 'demo-user', displayName: 'Demo User' });
  });

  it('writes one valid EMF line per request to its output, with the route and the trace id', async () => {
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const before = emfLines(output).length;
    const response = await fetch(`${running!.url}/v1/users/me`, {
      headers: { authorization: `Bearer ${running!.token}`, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('apigw-requestid')).toBeTruthy();
    // The line is written before the function answers (synchronously, to the pipe we read).
    for (let i = 0; i < 100 && !output.includes(traceId); i++) await new Promise((r) => setTimeout(r, 10));
    const docs = emfLines(output);
    expect(docs.length).toBeGreaterThan(before);
    const line = docs.find((doc) => doc.traceId === traceId);
    expect(line).toMatchObject({
      route: 'GET /v1/users/me',
      status: 200,
      stage: 'local',
      service: 'parley',
      StoreRoundTrips: 1,
      Http5xx: 0,
    });
    for (const doc of docs) expect(emfProblems(JSON.stringify(doc))).toEqual([]);
    expect(docs.filter((doc) => doc.ColdStart === 1).length).toBeGreaterThanOrEqual(1);
  });

  it('sends the function a trace of its own when the request has none (the runtime’s X-Ray header)', async () => {
    await fetch(`${running!.url}/health`, { headers: { 'x-request-id': 'local-aws-trace-probe' } });
    for (let i = 0; i < 100 && !output.includes('local-aws-trace-probe'); i++)
      await new Promise((r) => setTimeout(r, 10));
    const line = emfLines(output).find((doc) => doc.requestId === 'local-aws-trace-probe');
    expect(line?.traceId).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });
});

describe('the local AWS functions', () => {
  it('has an entry for every function template.yaml declares', () => {
    const declared = templateFunctions(readTemplate()).map((fn) => fn.logicalId);
    expect(declared.length).toBeGreaterThan(0);
    expect(LOCAL_FUNCTIONS.map((fn) => fn.logicalId).sort()).toEqual([...declared].sort());
  });
});
