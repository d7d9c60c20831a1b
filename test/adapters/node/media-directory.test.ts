import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeDeps, publicUrl } from '../../../adapters/node/deps.js';
import { createDirectoryMedia } from '../../../adapters/node/media-directory.js';
import { type RunningServer, startServer } from '../../../adapters/node/server.js';
import { createApp } from '../../../src/app.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { jpegWithGps } from '../../support/images.js';

// The acceptance flow on the Node server over a real socket, media in a directory: create an
// attachment, upload a JPEG with GPS through the returned URL, see it become ready with no further
// call, post a message with it, download the original and the thumbnail — GPS gone.
const SECRET = 'node-media-hs256-secret-0123456789abc';
let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-media-dir-'));
  const deps = createNodeDeps(
    {
      AUTH_MODE: 'hs256',
      AUTH_HS256_SECRET: SECRET,
      CURSOR_SECRET: 'node-media-cursor-secret-0123456789abc',
      STORAGE_BACKEND: 'memory',
      MEDIA_DIRECTORY: dir,
    },
    'node',
    () => {},
  );
  const app = createApp(deps);
  const media = deps.mediaRequests;
  if (!media) throw new Error('no directory media');
  server = await startServer({ fetch: async (request) => (await media(request)) ?? app.fetch(request), port: 0 });
  publicUrl.value = server.url;
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function call(sub: string, method: string, path: string, json?: unknown) {
  const token = await signDevToken({ sub, secret: SECRET });
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    ...(json ? { body: JSON.stringify(json) } : {}),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}

const put = (url: string, type: string, body: Uint8Array) =>
  fetch(url, { method: 'PUT', headers: { 'content-type': type }, body: body as Uint8Array<ArrayBuffer> });

describe('Node server with a directory media store', () => {
  it('create → upload via the returned URL → ready within seconds → message → downloads without GPS', async () => {
    // A participant must have a profile.
    expect((await call('bob', 'PUT', '/v1/users/me', { handle: 'media_bob', displayName: 'Bob' })).status).toBe(201);
    const conversation = (await call('alice', 'POST', '/v1/conversations', { participantIds: ['bob'] })).body;
    const photo = await jpegWithGps(1200, 900);
    const created = await call('alice', 'POST', `/v1/conversations/${conversation.id}/attachments`, {
      mediaType: 'image/jpeg',
      size: photo.length,
    });
    expect(created.status).toBe(201);
    const { attachment, upload } = created.body;
    expect(upload.url.startsWith(`${server.url}/media/pending/`)).toBe(true);
    expect((await put(upload.url, 'image/jpeg', photo)).status).toBe(200);

    const path = `/v1/conversations/${conversation.id}/attachments/${attachment.id}`;
    let read = await call('bob', 'GET', path);
    for (let i = 0; i < 100 && read.body.attachment.state === 'pending'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      read = await call('bob', 'GET', path);
    }
    expect(read.body.attachment).toMatchObject({ state: 'ready', width: 1200, height: 900 });
    const posted = await call('alice', 'POST', `/v1/conversations/${conversation.id}/messages`, {
      body: 'from the trip',
      attachmentIds: [attachment.id],
    });
    expect(posted.status).toBe(201);
    expect(posted.body.attachments[0]).toMatchObject({ id: attachment.id, width: 1200, height: 900 });

    const original = await fetch(read.body.urls.original);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    const originalBytes = new Uint8Array(await original.arrayBuffer());
    expect(await exifr.gps(originalBytes)).toBeUndefined();
    const thumbnail = new Uint8Array(await (await fetch(read.body.urls.thumbnail)).arrayBuffer());
    const meta = await sharp(thumbnail).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 240]);
    expect(await exifr.gps(thumbnail).catch(() => undefined)).toBeUndefined();
    expect((await call('eve', 'GET', path)).status).toBe(404);
  });

  it('refuses a tampered URL, another content-type, another size (403), and writes nothing', async () => {
    const conversation = (await call('alice', 'POST', '/v1/conversations', { participantIds: [] })).body;
    const photo = await jpegWithGps();
    const { upload, attachment } = (
      await call('alice', 'POST', `/v1/conversations/${conversation.id}/attachments`, {
        mediaType: 'image/jpeg',
        size: photo.length,
      })
    ).body;
    expect((await put(upload.url.replace('size=', 'size=9'), 'image/jpeg', photo)).status).toBe(403);
    expect((await put(upload.url, 'text/html', photo)).status).toBe(403);
    expect((await put(upload.url, 'image/jpeg', new Uint8Array([...photo, 0]))).status).toBe(403);
    const read = await call('alice', 'GET', `/v1/conversations/${conversation.id}/attachments/${attachment.id}`);
    expect(read.body.attachment.state).toBe('pending');
  });

  it('refuses an expired URL', async () => {
    let clock = Date.now();
    const media = createDirectoryMedia({ root: dir, publicUrl: () => 'http://h', secret: 's', now: () => clock });
    const ticket = await media.store.presignUpload({
      key: 'pending/A/B',
      mediaType: 'image/png',
      size: 1,
      expiresIn: 600,
    });
    clock += 601_000;
    const response = await media.handle(
      new Request(ticket.url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array([1]) }),
    );
    expect(response?.status).toBe(403);
    expect(await response?.json()).toMatchObject({ detail: 'The URL has expired.' });
    expect(await media.store.get('pending/A/B')).toBeNull();
  });
});
