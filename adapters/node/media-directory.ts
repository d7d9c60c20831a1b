import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MediaStore } from '../../src/media/store.js';

export interface DirectoryMediaOptions {
  /** `MEDIA_DIRECTORY`: where objects live, one file each (plus `<file>.type` with its media type). */
  root: string;
  /** The server's own base URL as clients reach it (`MEDIA_PUBLIC_URL`, or the listening URL). */
  publicUrl: () => string;
  /** Signs the URLs (HMAC-SHA256); derived from `CURSOR_SECRET` by the caller. */
  secret: string;
  /** Called after an upload is stored (the server processes it in-process). */
  onUploaded?: (key: string) => void;
  now?: () => number;
}

const KEY = /^(?:pending|media)\/[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

/**
 * A media store in a directory, for the Node server and Greengrass: presigned URLs point at the
 * server itself (`/media/<key>`), signed with an HMAC over the method, key, expiry, type and size,
 * so the server checks what S3 or R2 would (expiry, the exact type and size of an upload) and
 * serves downloads only to holders of a fresh URL. `handle` answers those requests (`null` for
 * any other path).
 */
export function createDirectoryMedia(options: DirectoryMediaOptions) {
  const now = options.now ?? Date.now;
  const fileOf = (key: string) => {
    if (!KEY.test(key)) throw new TypeError(`not a media key: ${key}`);
    return join(options.root, key);
  };
  const sign = (fields: string[]) => createHmac('sha256', options.secret).update(fields.join('\n')).digest('hex');
  const url = (method: string, key: string, expiresIn: number, params: Record<string, string>) => {
    const exp = String(Math.floor(now() / 1000) + expiresIn);
    const query = new URLSearchParams({ ...params, exp });
    query.set('sig', sign([method, key, exp, params.type ?? '', params.size ?? '', params.name ?? '']));
    return `${options.publicUrl()}/media/${key}?${query}`;
  };

  const store: MediaStore = {
    async presignUpload({ key, mediaType, size, expiresIn }) {
      return {
        method: 'PUT',
        url: url('PUT', key, expiresIn, { type: mediaType, size: String(size) }),
        headers: { 'content-type': mediaType, 'content-length': String(size) },
      };
    },
    async presignDownload(key, { expiresIn, downloadName }) {
      return url('GET', key, expiresIn, downloadName ? { name: downloadName } : {});
    },
    async get(key) {
      return readFile(fileOf(key)).then(
        (data) => new Uint8Array(data),
        (error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : Promise.reject(error)),
      );
    },
    async put(key, bytes, mediaType) {
      const file = fileOf(key);
      await mkdir(dirname(file), { recursive: true });
      // Written aside and renamed: a reader never sees half a file.
      await writeFile(`${file}.partial`, bytes);
      await writeFile(`${file}.type`, mediaType);
      await rename(`${file}.partial`, file);
    },
    async delete(keys) {
      await Promise.all(
        keys.map((key) => Promise.all([rm(fileOf(key), { force: true }), rm(`${fileOf(key)}.type`, { force: true })])),
      );
    },
  };

  const problem = (status: number, detail: string) =>
    new Response(JSON.stringify({ type: 'about:blank', status, title: 'Media request refused', detail }), {
      status,
      headers: { 'content-type': 'application/problem+json' },
    });

  async function handle(request: Request): Promise<Response | null> {
    const target = new URL(request.url);
    if (!target.pathname.startsWith('/media/')) return null;
    const key = decodeURIComponent(target.pathname.slice('/media/'.length));
    const q = target.searchParams;
    const [exp, type, size, name] = [q.get('exp') ?? '', q.get('type') ?? '', q.get('size') ?? '', q.get('name') ?? ''];
    const expected = Buffer.from(sign([request.method, key, exp, type, size, name]));
    const given = Buffer.from(q.get('sig') ?? '');
    if (!KEY.test(key) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return problem(403, 'The signature does not match.');
    }
    if (Number(exp) < Math.floor(now() / 1000)) return problem(403, 'The URL has expired.');
    if (request.method === 'GET') {
      const data = await store.get(key);
      if (!data) return problem(404, 'No such object.');
      const mediaType = await readFile(`${fileOf(key)}.type`, 'utf8').catch(() => 'application/octet-stream');
      const headers: Record<string, string> = { 'content-type': mediaType };
      if (name) headers['content-disposition'] = `attachment; filename="${name.replace(/["\\\r\n]/g, '_')}"`;
      return new Response(data as Uint8Array<ArrayBuffer>, { headers });
    }
    if (request.method !== 'PUT' || !key.startsWith('pending/')) return problem(403, 'Not allowed with this URL.');
    if (request.headers.get('content-type') !== type) return problem(403, 'content-type differs from the signed one.');
    const declared = request.headers.get('content-length');
    if (declared !== null && declared !== size) return problem(403, 'content-length differs from the signed one.');
    const body = new Uint8Array(await request.arrayBuffer());
    if (String(body.length) !== size) return problem(403, 'content-length differs from the signed one.');
    await store.put(key, body, type);
    options.onUploaded?.(key);
    return new Response(null, { status: 200 });
  }

  return { store, handle };
}
