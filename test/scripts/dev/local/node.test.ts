import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningLocalTarget, startLocalTarget } from '../../../../scripts/dev/local/main.js';
import { dynamodbEndpoint } from '../../../repository/dynamodb-fixtures.js';
import { emfLines, emfProblems } from '../../../support/emf.js';

/**
 * `npm run dev -- --target node`: the built Node server (what Greengrass runs) in its own process on
 * a loopback port, against the run's DynamoDB Local, secrets from a .dev.vars file. (The whole HTTP
 * contract runs on the Node server in test/adapters/node/; here: what the dev mode adds.)
 */
const ROOT = new URL('../../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'parley-local-node-'));
let output = '';
let running: RunningLocalTarget;

beforeAll(async () => {
  running = await startLocalTarget({
    root: ROOT,
    target: 'node',
    port: 0,
    dist: join(work, 'dist'),
    dynamodbEndpoint: dynamodbEndpoint(),
    table: `parley-local-node-${Math.random().toString(36).slice(2, 8)}`,
    devVarsFile: join(work, '.dev.vars'),
    output: (text) => void (output += text),
  });
}, 120_000);
afterAll(async () => {
  await running?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('npm run dev -- --target node', () => {
  it('prints curl lines that work against DynamoDB Local, and an EMF line per request', async () => {
    expect(running.banner).toContain(`the built Node server at ${running.url}`);
    const curls = running.banner.split('\n').filter((line) => line.startsWith('  curl '));
    const run = (line: string) => promisify(execFile)('sh', ['-c', line]).then((r) => JSON.parse(r.stdout));
    expect(await run(curls[0]!)).toMatchObject({ id: 'demo-user', handle: 'demo' });
    expect(await run(curls[1]!)).toMatchObject({ id: 'demo-user' });
    const health = await (await fetch(`${running.url}/health`)).json();
    expect(health).toMatchObject({ target: 'node', stage: 'local', storage: 'dynamodb' });
    // The server batches its lines per event-loop turn: wait for the third.
    for (let i = 0; i < 200 && emfLines(output).length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    const docs = emfLines(output);
    expect(docs.map((doc) => doc.route)).toEqual(['PUT /v1/users/me', 'GET /v1/users/me', 'GET /health']);
    expect(docs.map((doc) => doc.StoreRoundTrips)).toEqual([expect.any(Number), 1, 0]);
    for (const doc of docs) expect(emfProblems(JSON.stringify(doc))).toEqual([]);
  });
});
