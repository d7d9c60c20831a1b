import { request as httpRequest, type ClientRequest } from 'node:http';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { buildTarget } from './build-target.js';
import { spawnServer } from './spawned-server.js';

// The BUILT server (`dist/node/server.js`) in its own process: SIGTERM mid-request lets the
// request finish, refuses new connections, and exits 0; a request that never finishes is cut at
// the configured bound.
const SECRET = 'shutdown-test-hs256-secret-0123456789';
const env = {
  HOST: '127.0.0.1',
  PORT: '0',
  AUTH_HS256_SECRET: SECRET,
  CURSOR_SECRET: 'shutdown-test-cursor-secret-0123456789',
};

let serverFile: string;
beforeAll(async () => {
  serverFile = join((await buildTarget('node')).dir, 'server.js');
});

/** Starts a chunked PUT whose body is sent in two halves, the second only when `finish` is called. */
function slowPut(url: string, token: string, body: string) {
  const target = new URL('/v1/users/me', url);
  let req!: ClientRequest;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req = httpRequest(
      target,
      { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  const started = new Promise<void>((resolve) => req.write(body.slice(0, half), () => resolve()));
  return { response, started, finish: () => req.end(body.slice(half)) };
}

const refused = (url: string) =>
  fetch(`${url}/health`).then(
    () => false,
    (error: Error & { cause?: { code?: string } }) => error.cause?.code === 'ECONNREFUSED',
  );

describe('node server shutdown', () => {
  it('SIGTERM mid-request: the request completes, new connections are refused, exit code 0', async () => {
    const server = await spawnServer(serverFile, env);
    const token = await signDevToken({ sub: 'sigterm-user', secret: SECRET });
    const put = slowPut(server.url, token, JSON.stringify({ handle: 'sigterm_user', displayName: 'Still here' }));
    await put.started;

    server.child.kill('SIGTERM');
    await server.waitForLog('shutting down');
    expect(await refused(server.url)).toBe(true);

    put.finish();
    const { status, body } = await put.response;
    expect(status).toBe(201);
    expect(JSON.parse(body)).toMatchObject({ handle: 'sigterm_user', displayName: 'Still here' });
    expect(await server.exited).toBe(0);
    expect(server.logs.map((l) => l.msg)).toContain('stopped');
  });

  it('a request that never finishes is cut after SHUTDOWN_TIMEOUT_MS, and the process still exits 0', async () => {
    const server = await spawnServer(serverFile, { ...env, SHUTDOWN_TIMEOUT_MS: '300' });
    const token = await signDevToken({ sub: 'stuck-user', secret: SECRET });
    const put = slowPut(server.url, token, JSON.stringify({ handle: 'stuck_user', displayName: 'Never sent' }));
    const outcome = put.response.then(
      () => 'answered',
      (error: Error & { code?: string }) => error.code,
    );
    await put.started;
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(await outcome).toBe('ECONNRESET');
  });

  it('an invalid configuration fails the start with exit code 1 and the reason', async () => {
    await expect(spawnServer(serverFile, { ...env, CURSOR_SECRET: 'short' })).rejects.toThrow(/CURSOR_SECRET/);
  });
});
