import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../src/auth/dev-token.js';
import { ensureDevVars } from '../../scripts/dev/dev-vars.js';
import { freePort } from '../../scripts/dev/ports.js';
import { ROOT, startDevProcess, stopDevProcess, type DevProcess } from './dev-process.js';
import { openApiClient, type OpenApiDocument } from './openapi-client.js';
import { connect } from '../support/realtime-client.js';
import { jpegWithGps } from '../support/images.js';
import exifr from 'exifr';
import sharp from 'sharp';

/**
 * End to end, as a newcomer runs it: `npm run dev`'s script starts the real `wrangler dev` CLI
 * (workerd, local SQLite-backed Durable Objects) on a free loopback port with a temporary
 * persistence folder. The test runs
 * the curl lines it prints, verbatim, then drives a whole conversation over HTTP with requests
 * built from `openapi/openapi.json`'s operations, races two PATCHes with one ETag, stops it with
 * Ctrl-C (SIGINT), and starts it again on the same folder to find the data still there.
 * Secrets come from the repository's `.dev.vars`, created on first use exactly as `npm run dev` does.
 */
const run = promisify(execFile);

let dev: DevProcess;
let persistTo: string;
let baseUrl: string;
let secret: string;
/** What the conversation test left behind, looked for again after the restart. */
let kept: { conversationId: string; token: string; title: string } | undefined;

beforeAll(async () => {
  persistTo = await mkdtemp(join(tmpdir(), 'parley-e2e-'));
  secret = ensureDevVars(join(ROOT, '.dev.vars')).vars.AUTH_HS256_SECRET!;
  dev = await startDevProcess(['--port', String(await freePort()), '--persist-to', persistTo], 45_000);
  baseUrl = /Parley is running in workerd at (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.output())?.[1] ?? '';
}, 60_000);

afterAll(async () => {
  if (dev) await stopDevProcess(dev);
  if (persistTo) await rm(persistTo, { recursive: true, force: true });
});

describe('npm run dev (wrangler dev, workerd, local Durable Objects)', () => {
  it('prints a dev token and curl lines that work as printed', async () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const printed = dev.output();
    expect(printed).toContain(`${baseUrl}/docs`);
    const token = /^ {2}(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/m.exec(printed)?.[1];
    expect(token, 'the printed dev token').toBeTruthy();
    const curls = printed
      .split('\n')
      .filter((line) => line.startsWith('  curl '))
      .map((line) => line.trim());
    expect(curls).toHaveLength(2);
    const [put, get] = curls as [string, string];
    expect(put).toContain("-X PUT 'http");
    expect(put).toContain(`Bearer ${token}`);
    expect(JSON.parse((await run('sh', ['-c', put])).stdout)).toMatchObject({ id: 'demo-user', handle: 'demo' });
    expect(JSON.parse((await run('sh', ['-c', get])).stdout)).toMatchObject({
      id: 'demo-user',
      displayName: 'Demo User',
    });
  });

  it('serves the docs page and the OpenAPI document it was built from', async () => {
    const docs = await fetch(`${baseUrl}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    const served = await (await fetch(`${baseUrl}/openapi.json`)).json();
    expect(served).toEqual(JSON.parse(await readFile(join(ROOT, 'openapi/openapi.json'), 'utf8')));
  });

  it('drives a conversation between two users with the OpenAPI operations', async () => {
    const api = openApiClient(
      baseUrl,
      JSON.parse(await readFile(join(ROOT, 'openapi/openapi.json'), 'utf8')) as OpenApiDocument,
    );
    const tag = randomBytes(4).toString('hex');
    const as = async (name: string) => ({
      id: `${name}-${tag}`,
      token: await signDevToken({ sub: `${name}-${tag}`, secret }),
    });
    const [alice, bob, carol] = await Promise.all([as('alice'), as('bob'), as('carol')]);

    const health = await api.call('getHealth');
    expect(health.body).toMatchObject({ status: 'ok', target: 'cloudflare', storage: 'durable-object' });

    // Profiles, and finding Bob by handle.
    for (const user of [alice, bob]) {
      const name = user.id.split('-')[0]!;
      const created = await api.call('putMe', {
        token: user.token,
        body: { handle: `${name}_${tag}`, displayName: name },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }
    const found = await api.call('findUserByHandle', { token: alice.token, query: { handle: `BOB_${tag}` } });
    expect(found.body).toMatchObject({ id: bob.id, handle: `bob_${tag}` });

    // A conversation, created with an Idempotency-Key; the retry replays it.
    const key = { 'idempotency-key': `create-${tag}` };
    const createBody = { title: 'Lunch', participantIds: [bob.id] };
    const conversation = await api.call('createConversation', { token: alice.token, body: createBody, headers: key });
    expect(conversation.status).toBe(201);
    const replay = await api.call('createConversation', { token: alice.token, body: createBody, headers: key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(conversation.body.id);
    const conversationId: string = conversation.body.id;
    const params = { conversationId };

    // Five messages, alternating authors; ids grow with time.
    const posted: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const author = i % 2 ? alice : bob;
      const message = await api.call('postMessage', { token: author.token, params, body: { body: `message ${i}` } });
      expect(message.status, JSON.stringify(message.body)).toBe(201);
      posted.push(message.body.id);
    }
    expect([...posted].sort()).toEqual(posted);

    // Bob pages through them newest first, two at a time.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.call('listMessages', { token: bob.token, params, query: { limit: 2, cursor } });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...posted].reverse());
    const sync = await api.call('listMessages', { token: bob.token, params, query: { after: posted[2] } });
    // Forward sync: the messages after it, oldest first.
    expect(sync.body.items.map((m: { id: string }) => m.id)).toEqual([posted[3], posted[4]]);

    // Alice edits her first message with If-Match; Bob may not; a stale ETag is refused.
    const first = { conversationId, messageId: posted[0]! };
    const original = await api.call('getMessage', { token: alice.token, params: first });
    const etag = original.headers.get('etag')!;
    const edit = (token: string, body: string) =>
      api.call('editMessage', { token, params: first, body: { body }, headers: { 'if-match': etag } });
    const byBob = await edit(bob.token, 'hijacked');
    expect(byBob.status).toBe(403);
    const edited = await edit(alice.token, 'message 1 (edited)');
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'message 1 (edited)', editedAt: expect.any(String) });
    const stale = await edit(alice.token, 'again');
    expect(stale.status).toBe(412);

    // Bob deletes his message: a tombstone stays in the list.
    const second = { conversationId, messageId: posted[1]! };
    const bobs = await api.call('getMessage', { token: bob.token, params: second });
    const deleted = await api.call('deleteMessage', {
      token: bob.token,
      params: second,
      headers: { 'if-match': bobs.headers.get('etag')! },
    });
    expect(deleted.status).toBe(204);
    const tombstone = await api.call('getMessage', { token: alice.token, params: second });
    expect(tombstone.body).toMatchObject({ body: '', deletedAt: expect.any(String) });

    // Both see the conversation in their lists; an outsider does not even learn it exists.
    for (const user of [alice, bob]) {
      const list = await api.call('listConversations', { token: user.token });
      expect(list.body.items.map((c: { id: string }) => c.id)).toContain(conversationId);
    }
    expect((await api.call('getConversation', { token: carol.token, params })).status).toBe(404);
    expect((await api.call('listMessages', { token: carol.token, params })).status).toBe(404);

    // Two renames at once with the same If-Match: the conversation object lets exactly one through.
    const current = await api.call('getConversation', { token: alice.token, params });
    const ifMatch = { 'if-match': current.headers.get('etag')! };
    const renames = await Promise.all(
      ['Dinner', 'Breakfast'].map((title) =>
        api.call('renameConversation', { token: alice.token, params, body: { title }, headers: ifMatch }),
      ),
    );
    expect(renames.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = renames.find((r) => r.status === 200)!;
    const after = await api.call('getConversation', { token: bob.token, params });
    expect(after.body).toMatchObject({ title: winner.body.title, version: current.body.version + 1 });
    kept = { conversationId, token: bob.token, title: winner.body.title };
  });
});

describe('an oversized chunked upload under wrangler dev', () => {
  it('is answered 413, and the next small POST is served normally (not 503 "restarted mid-request")', async () => {
    const token = await signDevToken({ sub: `chunked-${randomBytes(4).toString('hex')}`, secret });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    for (let round = 1; round <= 3; round++) {
      // A ReadableStream body has no Content-Length: fetch sends it chunked, 100 KB over the 64 KiB limit.
      const chunk = new TextEncoder().encode(`"${'x'.repeat(10 * 1024 - 2)}"`);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(chunk);
          controller.close();
        },
      });
      const big = await fetch(`${baseUrl}/v1/conversations`, {
        method: 'POST',
        headers,
        body,
        duplex: 'half',
      } as RequestInit);
      expect(big.status, `round ${round}: ${await big.text()}`).toBe(413);
      const small = await fetch(`${baseUrl}/v1/conversations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ title: `after ${round}`, participantIds: [] }),
      });
      expect(small.status, `round ${round}: ${await small.text()}`).toBe(201);
    }
  });
});

describe('npm run dev: real-time events (the realtime Worker in the same session)', () => {
  it("B's socket receives message.created for A's post in their conversation", async () => {
    const token = (sub: string) => signDevToken({ sub, secret });
    const [a, b] = [`e2e-rt-a-${randomBytes(3).toString('hex')}`, `e2e-rt-b-${randomBytes(3).toString('hex')}`];
    const call = async (sub: string, path: string, body?: unknown, method = 'POST') =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await token(sub)}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    // A participant must have a profile.
    const profile = await call(b, '/v1/users/me', { handle: b.replaceAll('-', '_'), displayName: 'B' }, 'PUT');
    expect(profile.status).toBe(201);
    const ticket = (await (await call(b, '/v1/realtime/tickets')).json()) as { url: string };
    const listener = await connect(ticket.url);
    const conversation = (await (await call(a, '/v1/conversations', { participantIds: [b] })).json()) as {
      id: string;
    };
    const posted = await call(a, `/v1/conversations/${conversation.id}/messages`, { body: 'hello B' });
    const message = (await posted.json()) as { id: string };
    const event = await listener.next((frame) => frame.type === 'message.created', 5_000);
    expect(event).toMatchObject({ type: 'message.created', conversationId: conversation.id, id: message.id });
    await listener.close();
  });
});

describe('npm run dev: media (the processor Worker in the same session, local R2 S3 endpoint)', () => {
  it('uploads a JPEG with GPS through the returned URL; ready without another call; GPS gone from both downloads', async () => {
    const tag = randomBytes(3).toString('hex');
    const [a, b] = [`e2e-media-a-${tag}`, `e2e-media-b-${tag}`];
    const call = async (sub: string, method: string, path: string, body?: unknown) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${await signDevToken({ sub, secret })}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const profile = await call(b, 'PUT', '/v1/users/me', { handle: b.replaceAll('-', '_'), displayName: 'B' });
    expect(profile.status).toBe(201); // a participant must have a profile
    const conversation = (await (await call(a, 'POST', '/v1/conversations', { participantIds: [b] })).json()) as {
      id: string;
    };
    const jpeg = await jpegWithGps(640, 480);
    expect(await exifr.gps(jpeg)).toMatchObject({ latitude: expect.any(Number) });
    const path = `/v1/conversations/${conversation.id}/attachments`;
    const created = await call(a, 'POST', path, { mediaType: 'image/jpeg', size: jpeg.length, name: 'gps.jpg' });
    expect(created.status).toBe(201);
    const { attachment, upload } = (await created.json()) as {
      attachment: { id: string; state: string };
      upload: { method: string; url: string; headers?: Record<string, string> };
    };
    expect(attachment.state).toBe('pending');
    expect(upload.method).toBe('PUT');
    expect(upload.url.startsWith(`${baseUrl}/cdn-cgi/local/r2/s3/`)).toBe(true);
    // As a browser sends it: fetch sets content-length from the body itself.
    const { 'content-length': _, ...headers } = upload.headers ?? {};
    const put = await fetch(upload.url, { method: 'PUT', headers, body: jpeg as Uint8Array<ArrayBuffer> });
    expect(put.status).toBe(200);

    // Nothing else is called: the processor settles the record (bounded wait, not a timing assertion).
    type Read = { attachment: { state: string }; urls?: { original: string; thumbnail: string } };
    let read: Read = { attachment: { state: 'pending' } };
    for (let i = 0; i < 120 && read.attachment.state === 'pending'; i++) {
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      read = (await (await call(b, 'GET', `${path}/${attachment.id}`)).json()) as Read;
    }
    expect(read.attachment).toMatchObject({ state: 'ready', width: 640, height: 480 });

    const message = await call(a, 'POST', `/v1/conversations/${conversation.id}/messages`, {
      body: 'look',
      attachmentIds: [attachment.id],
    });
    expect(message.status).toBe(201);
    expect(await message.json()).toMatchObject({ attachments: [{ id: attachment.id, width: 640, height: 480 }] });

    const download = async (url: string) => {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      return new Uint8Array(await response.arrayBuffer());
    };
    const original = await download(read.urls!.original);
    const thumbnail = await download(read.urls!.thumbnail);
    expect(await exifr.gps(original)).toBeUndefined();
    expect(await exifr.parse(original)).toBeUndefined(); // no EXIF block at all
    expect(await sharp(original).metadata()).toMatchObject({ format: 'jpeg', width: 640, height: 480 });
    // The thumbnail is WebP (exifr does not read it): sharp reports any EXIF chunk it carries.
    const thumb = await sharp(thumbnail).metadata();
    expect(thumb.format).toBe('webp');
    expect(thumb.exif).toBeUndefined();
    expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(320);
  }, 90_000);
});

describe('stopping npm run dev', () => {
  it('Ctrl-C stops wrangler and workerd: the port stops answering', async () => {
    const code = await stopDevProcess(dev);
    expect(code).toBe(0);
    await expect(fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
  });
});

describe('npm run dev again on the same --persist-to', () => {
  it('finds the conversation, its messages and the lists as they were', async () => {
    expect(kept, 'the conversation test ran first').toBeDefined();
    const { conversationId, token, title } = kept!;
    dev = await startDevProcess(['--port', String(await freePort()), '--persist-to', persistTo], 45_000);
    baseUrl = /Parley is running in workerd at (http:\/\/127\.0\.0\.1:\d+)/.exec(dev.output())?.[1] ?? '';
    const auth = { authorization: `Bearer ${token}` };
    const conversation = await fetch(`${baseUrl}/v1/conversations/${conversationId}`, { headers: auth });
    expect(conversation.status).toBe(200);
    expect(await conversation.json()).toMatchObject({ id: conversationId, title });
    const messages = (await (
      await fetch(`${baseUrl}/v1/conversations/${conversationId}/messages`, { headers: auth })
    ).json()) as {
      items: unknown[];
    };
    expect(messages.items).toHaveLength(5);
    const list = (await (await fetch(`${baseUrl}/v1/conversations`, { headers: auth })).json()) as {
      items: Array<{ id: string }>;
    };
    expect(list.items.map((c) => c.id)).toContain(conversationId);
    expect(await stopDevProcess(dev)).toBe(0);
  }, 60_000);
});
