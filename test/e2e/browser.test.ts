import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDevVars } from '../../scripts/dev/dev-vars.js';
import { freePort } from '../../scripts/dev/ports.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { startDevProcess, stopDevProcess, ROOT, type DevProcess } from './dev-process.js';

/**
 * Acceptance: a web page on another loopback origin calls the API served by `npm run dev` (wrangler
 * dev, workerd) from headless Chromium (Debian's `chromium`; `.ci/run` installs it), and reads an
 * `ETag` — which only works if the preflight is answered without a token and the header is exposed.
 * A page on an origin that is not allowed gets nothing (the browser blocks the answer).
 */
const CHROMIUM = '/usr/bin/chromium';

/** The page: an inline script that creates a profile, reads it back, and reports what it could see. */
const page = (api: string, token: string) => `<!doctype html><meta charset="utf-8"><title>client</title><script>
(async () => {
  const headers = { authorization: 'Bearer ${token}', 'content-type': 'application/json' };
  try {
    const put = await fetch('${api}/v1/users/me', { method: 'PUT', headers, body: JSON.stringify({ handle: 'h_' + Date.now().toString(36), displayName: 'Browser' }) });
    const get = await fetch('${api}/v1/users/me', { headers });
    const again = await fetch('${api}/v1/users/me', { headers: { ...headers, 'if-none-match': get.headers.get('etag') } });
    window.result = { put: put.status, status: get.status, etag: get.headers.get('etag'), requestId: get.headers.get('x-request-id'), again: again.status };
  } catch (error) {
    window.result = { error: String(error) };
  }
})();
</script>`;

async function serve(html: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

let dev: DevProcess | undefined;
let browser: Browser | undefined;
let persistTo = '';
const servers: Server[] = [];
let allowed = { origin: '', server: undefined as Server | undefined };
let api = '';
let token = '';

beforeAll(async () => {
  const secret = ensureDevVars(join(ROOT, '.dev.vars')).vars.AUTH_HS256_SECRET!;
  token = await signDevToken({ sub: `browser-${Date.now()}`, secret });
  // The page's origin is known before the API starts: its port is picked first, the page filled in later.
  let html = '';
  const pageServer = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => pageServer.listen(0, '127.0.0.1', resolve));
  servers.push(pageServer);
  allowed = { origin: `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`, server: pageServer };
  persistTo = await mkdtemp(join(tmpdir(), 'parley-browser-'));
  const port = await freePort();
  dev = await startDevProcess(
    ['--port', String(port), '--persist-to', persistTo, '--cors-origin', allowed.origin],
    60_000,
  );
  api = /Parley is running in workerd at (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.output())?.[1] ?? '';
  html = page(api, token);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (dev) await stopDevProcess(dev);
  for (const server of servers) server.close();
  if (persistTo) await rm(persistTo, { recursive: true, force: true });
});

async function resultOf(url: string): Promise<Record<string, unknown>> {
  // A fresh context: its own profile (cookies, cache), as a first visit.
  const context = await browser!.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(url);
    await tab.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, null, {
      timeout: 20_000,
    });
    return (await tab.evaluate(() => (window as unknown as { result: Record<string, unknown> }).result)) ?? {};
  } finally {
    await context.close();
  }
}

describe('a browser app on another origin (headless Chromium against npm run dev)', () => {
  it('calls the API through a preflight and reads the ETag and x-request-id', async () => {
    expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await resultOf(allowed.origin);
    expect(result).toMatchObject({ put: 201, status: 200, again: 304 });
    expect(result.etag).toMatch(/^"1\.[0-9a-z]+"$/);
    expect(result.requestId).toEqual(expect.any(String));
  });

  it('a page on an origin that is not allowed cannot read anything', async () => {
    const other = await serve(page(api, token));
    servers.push(other.server);
    const result = await resultOf(other.origin);
    expect(result.error).toMatch(/TypeError|Failed to fetch/);
  });
});
