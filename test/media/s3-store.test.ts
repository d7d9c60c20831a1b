import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticCredentials } from '../../src/repository/dynamodb/credentials.js';
import { createS3MediaStore } from '../../src/media/s3-store.js';
import type { MediaStore } from '../../src/media/store.js';
import { jpegWithGps } from '../support/images.js';

// Miniflare's local R2 endpoint speaks the S3 API and verifies SigV4 presigned URLs the way R2 does:
// the real verifier for the PUT upload path (R2 has no POST; neither has this endpoint).
const credentials = { accessKeyId: 'parleytestkey', secretAccessKey: 'parley-test-secret-0123456789abcdef' };
let mf: Miniflare;
let endpoint: string;

beforeAll(async () => {
  mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response("ok"); } }',
    compatibilityDate: '2026-01-01',
    r2Buckets: { MEDIA: { id: 'parley-media', s3Credentials: credentials } },
  });
  endpoint = `${(await mf.ready).origin}/cdn-cgi/local/r2/s3`;
});
afterAll(() => mf?.dispose());

const store = (now?: () => Date): MediaStore =>
  createS3MediaStore({
    bucket: 'parley-media',
    region: 'auto',
    endpoint,
    credentials: staticCredentials(credentials),
    ...(now ? { now } : {}),
  });

/** As a browser sends it: `content-length` is a forbidden header there, set by fetch from the body. */
const send = (url: string, headers: Record<string, string> | undefined, body: Uint8Array) => {
  const { 'content-length': _, ...rest } = headers ?? {};
  return fetch(url, { method: 'PUT', headers: rest, body: body as Uint8Array<ArrayBuffer> });
};

const ticketFor = (s: MediaStore, key: string, bytes: Uint8Array) =>
  s.presignUpload({ key, mediaType: 'image/jpeg', size: bytes.length, expiresIn: 600 });

describe('S3 media store against the local R2 S3 endpoint (presigned PUT)', () => {
  it('uploads with the returned URL and headers; the object reads back by binding and by GET', async () => {
    const bytes = await jpegWithGps();
    const key = `pending/test/${crypto.randomUUID()}`;
    const ticket = await ticketFor(store(), key, bytes);
    expect(ticket.method).toBe('PUT');
    expect(new URL(ticket.url).searchParams.get('X-Amz-Expires')).toBe('600');
    const put = await send(ticket.url, ticket.headers, bytes);
    expect(put.status).toBe(200);
    const bucket = await mf.getR2Bucket('MEDIA');
    expect(new Uint8Array(await (await bucket.get(key))!.arrayBuffer())).toEqual(bytes);
    expect(await store().get(key)).toEqual(bytes);
  });

  it('refuses an upload of another content-type or another size (signed headers)', async () => {
    const bytes = await jpegWithGps();
    const key = `pending/test/${crypto.randomUUID()}`;
    const ticket = await ticketFor(store(), key, bytes);
    const wrongType = await send(ticket.url, { ...ticket.headers, 'content-type': 'text/html' }, bytes);
    expect(wrongType.status).toBe(403);
    const longer = new Uint8Array(bytes.length + 10);
    longer.set(bytes);
    const wrongSize = await send(ticket.url, ticket.headers, longer);
    expect(wrongSize.status).toBe(403);
    expect(await store().get(key)).toBeNull();
  });

  it('refuses an expired upload URL and an expired download URL', async () => {
    const bytes = await jpegWithGps();
    const key = `pending/test/${crypto.randomUUID()}`;
    const past = () => new Date(Date.now() - 20 * 60_000); // signed 20 min ago, valid for 10
    const ticket = await ticketFor(store(past), key, bytes);
    const put = await send(ticket.url, ticket.headers, bytes);
    expect(put.status).toBe(403);
    await store().put(key, bytes, 'image/jpeg');
    const expired = await fetch(await store(past).presignDownload(key, { expiresIn: 300 }));
    expect(expired.status).toBe(403);
    const fresh = await fetch(await store().presignDownload(key, { expiresIn: 300, downloadName: 'a "b".jpg' }));
    expect(fresh.status).toBe(200);
    expect(new Uint8Array(await fresh.arrayBuffer())).toEqual(bytes);
  });

  it('deletes objects, and deleting a missing one is no error', async () => {
    const key = `media/test/${crypto.randomUUID()}/original`;
    await store().put(key, new Uint8Array([1, 2, 3]), 'application/octet-stream');
    await store().delete([key, `${key}-missing`]);
    expect(await store().get(key)).toBeNull();
  });
});
