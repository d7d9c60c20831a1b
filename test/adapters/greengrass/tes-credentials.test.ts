import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { buildTarget } from '../node/build-target.js';
import { spawnServer, type SpawnedServer } from '../node/spawned-server.js';
import { dynamodbEndpoint, freshTable, transports } from '../../repository/dynamodb-fixtures.js';
import { runEnvironment } from './run-environment.js';

// The Greengrass component as a device runs it: the built artifact zip unpacked the way the nucleus
// does, started by the recipe's Run script with the recipe's environment, getting credentials from
// a local stand-in for the Token Exchange Service and signing its DynamoDB Local requests with them
// (seen through a recording proxy in front of DynamoDB Local).
const SECRET = 'greengrass-test-hs256-secret-0123456789';
const TES_TOKEN = 'tes-authorization-token-7f3a';

interface Issued {
  sessionToken: string;
  /** Seconds until `Expiration`. */
  validSeconds: number;
}

/** Serves container credentials like TES: checks `Authorization`, answers `{AccessKeyId, …, Expiration}`. */
async function startTes(plan: Issued[]) {
  const calls: Array<{ authorization: string | undefined; path: string; at: number }> = [];
  const server = createServer((req, res) => {
    calls.push({ authorization: req.headers.authorization, path: req.url ?? '', at: Date.now() });
    if (req.headers.authorization !== TES_TOKEN) {
      res.writeHead(403, { 'content-type': 'application/json' }).end('{"message":"invalid token"}');
      return;
    }
    const next = plan[Math.min(calls.length - 1, plan.length - 1)]!;
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        AccessKeyId: 'ASIATESTTESKEY',
        SecretAccessKey: `secret-for-${next.sessionToken}`,
        Token: next.sessionToken,
        Expiration: new Date(Date.now() + next.validSeconds * 1000).toISOString(),
      }),
    );
  });
  return { server, calls, uri: `${await listen(server)}/2016-11-01/credentialprovider/` };
}

/** Forwards to DynamoDB Local and records the session token and key id of every signed request. */
async function startRecordingProxy(target: string) {
  const seen: Array<{ token: string | undefined; keyId: string | undefined; operation: string | undefined }> = [];
  const server = createServer((req, res) => {
    seen.push({
      token: header(req, 'x-amz-security-token'),
      keyId: /Credential=([^/]+)\//.exec(header(req, 'authorization') ?? '')?.[1],
      operation: header(req, 'x-amz-target')?.split('.')[1],
    });
    const upstream = httpRequest(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  return { server, seen, url: await listen(server) };
}

const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

interface Component {
  recipe: Record<string, any>;
  /** The Run script's file, under a stand-in for {artifacts:decompressedPath}. */
  serverFile: string;
}

/** Build the component, unpack its zip as the nucleus does, and resolve the recipe's Run step. */
async function installComponent(): Promise<Component> {
  const built = await buildTarget('greengrass');
  const recipe = parse(await readFile(join(built.dir, 'recipe.yaml'), 'utf8')) as Record<string, any>;
  const manifest = recipe.Manifests[0];
  const artifact = manifest.Artifacts[0];
  const name = String(artifact.URI)
    .split('/')
    .pop()!
    .replace(/\.zip$/, '');
  const decompressedPath = await mkdtemp(join(tmpdir(), 'gg-artifacts-'));
  const files = unzipSync(new Uint8Array(await readFile(join(built.dir, `${name}.zip`))));
  for (const [file, bytes] of Object.entries(files)) {
    const path = join(decompressedPath, name, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }
  const script = String(manifest.Lifecycle.Run.Script).replace('{artifacts:decompressedPath}', decompressedPath);
  const [command, serverFile] = script.split(' ');
  expect(command).toBe('node');
  return { recipe, serverFile: serverFile! };
}

describe('Greengrass component with Token Exchange Service credentials', () => {
  let component: Component;
  let table: string;
  let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
  const closers: Array<() => void> = [];

  beforeAll(async () => {
    const endpoint = dynamodbEndpoint();
    [component, table, proxy] = await Promise.all([
      installComponent(),
      freshTable(transports.aws4fetch(endpoint), 'greengrass'),
      startRecordingProxy(endpoint),
    ]);
    closers.push(() => proxy.server.close());
  });
  afterAll(() => {
    for (const close of closers) close();
  });

  async function start(tes: Awaited<ReturnType<typeof startTes>>, authorizationToken: string): Promise<SpawnedServer> {
    closers.push(() => tes.server.close());
    const server = await spawnServer(component.serverFile, {
      ...runEnvironment(component.recipe, {
        host: '127.0.0.1',
        port: '0',
        table,
        region: 'us-east-1',
        authMode: 'hs256',
        hs256Secret: SECRET,
        cursorSecret: 'greengrass-test-cursor-secret-0123456789',
      }),
      // What the nucleus adds for a component that depends on TES.
      AWS_CONTAINER_CREDENTIALS_FULL_URI: tes.uri,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: authorizationToken,
      // Test only: DynamoDB Local (behind the recording proxy) instead of the Region's endpoint.
      DYNAMODB_ENDPOINT: proxy.url,
    });
    closers.push(() => server.child.kill('SIGTERM'));
    return server;
  }

  it('signs DynamoDB requests with TES credentials and fetches new ones when they expire', async () => {
    // The provider refreshes 300 s before Expiration: the first set is usable for about 4 s.
    const tes = await startTes([
      { sessionToken: 'session-1', validSeconds: 304 },
      { sessionToken: 'session-2', validSeconds: 3600 },
    ]);
    const server = await start(tes, TES_TOKEN);
    const auth = { authorization: `Bearer ${await signDevToken({ sub: 'gg-user', secret: SECRET })}` };

    const health = await (await fetch(`${server.url}/health`)).json();
    expect(health).toMatchObject({
      target: 'greengrass',
      storage: 'dynamodb',
      version: component.recipe.ComponentVersion,
    });

    const put = await fetch(`${server.url}/v1/users/me`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ handle: `gg_${Date.now()}`, displayName: 'On the device' }),
    });
    expect(put.status, await put.clone().text()).toBe(201);
    const firstBatch = proxy.seen.length;
    expect(firstBatch).toBeGreaterThan(0);
    expect(proxy.seen.every((r) => r.token === 'session-1' && r.keyId === 'ASIATESTTESKEY')).toBe(true);
    expect(tes.calls).toHaveLength(1);

    // Until the first set is due for refresh (not a timing assertion: just waiting for expiry).
    const due = tes.calls[0]!.at + 4500 - Date.now();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due)));
    const read = await fetch(`${server.url}/v1/users/me`, { headers: auth });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ displayName: 'On the device' });
    const again = await fetch(`${server.url}/v1/users/me`, { headers: auth });
    expect(again.status).toBe(200);

    expect(tes.calls).toHaveLength(2);
    expect(tes.calls.every((c) => c.authorization === TES_TOKEN && c.path === '/2016-11-01/credentialprovider/')).toBe(
      true,
    );
    const later = proxy.seen.slice(firstBatch);
    expect(later.length).toBeGreaterThanOrEqual(2);
    expect(later.every((r) => r.token === 'session-2')).toBe(true);
  });

  it('answers 503 with Retry-After while TES refuses its token, and stays up', async () => {
    const tes = await startTes([{ sessionToken: 'never', validSeconds: 3600 }]);
    const server = await start(tes, 'a-stale-token');
    const auth = { authorization: `Bearer ${await signDevToken({ sub: 'gg-denied', secret: SECRET })}` };
    const response = await fetch(`${server.url}/v1/users/me`, { headers: auth });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeTruthy();
    expect(await response.json()).toMatchObject({ type: 'https://parley.dev/problems/service-unavailable' });
    expect(tes.calls.length).toBeGreaterThan(0);
    expect(tes.calls.every((c) => c.authorization === 'a-stale-token')).toBe(true);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});
