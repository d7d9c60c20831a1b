import { AwsClient } from 'aws4fetch';
import type { AwsCredentials, CredentialProvider } from '../repository/dynamodb/credentials.js';
import type { createPostPolicy } from './s3-post-policy.js';
import type { DownloadOptions, MediaStore, UploadRequest, UploadTicket } from './store.js';

export interface S3MediaStoreOptions {
  bucket: string;
  /** `auto` on R2. */
  region: string;
  /** Path-style base (R2's `https://<account>.r2.cloudflarestorage.com`, Miniflare, s3rver); default AWS's virtual-hosted one. */
  endpoint?: string;
  credentials: CredentialProvider;
  /**
   * S3: `createPostPolicy` (`./s3-post-policy.ts`), so uploads are presigned POSTs whose policy bounds
   * the size. Without it (R2, which has no POST) uploads are presigned PUTs with the size a signed
   * header. Injected, so the bundles that only PUT (the API Worker) do not carry the policy code.
   */
  postPolicy?: typeof createPostPolicy;
  fetch?: typeof fetch;
  now?: () => Date;
}

/**
 * S3 and any S3-compatible store (R2's S3 API, Miniflare's local R2 endpoint, s3rver), over `fetch`
 * signed by aws4fetch (already in every bundle that reaches DynamoDB without the SDK). Presigned
 * URLs are query-signed (`X-Amz-Expires`), and a PUT signs `content-type` and `content-length`
 * (`allHeaders`), so an upload of another type or size fails the signature.
 */
export function createS3MediaStore(options: S3MediaStoreOptions): MediaStore {
  const now = options.now ?? (() => new Date());
  const base = options.endpoint
    ? `${options.endpoint.replace(/\/$/, '')}/${options.bucket}`
    : `https://${options.bucket}.s3.${options.region}.amazonaws.com`;
  const urlOf = (key: string) => `${base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  let signer: { for: AwsCredentials; client: AwsClient } | null = null;
  const client = async () => {
    const current = await options.credentials();
    if (signer?.for !== current) {
      signer = {
        for: current,
        client: new AwsClient({ ...current, service: 's3', region: options.region, retries: 0 }),
      };
    }
    return signer.client;
  };
  const presign = async (url: URL, method: string, headers: Record<string, string>, expiresIn: number) => {
    url.searchParams.set('X-Amz-Expires', String(expiresIn));
    const datetime = now()
      .toISOString()
      .replace(/[:-]|\.\d{3}/g, '');
    const signed = await (await client()).sign(url.toString(), {
      method,
      headers,
      aws: { signQuery: true, allHeaders: true, datetime },
    });
    return signed.url;
  };
  const send = async (key: string, init: RequestInit) => {
    const response = await (await client()).fetch(urlOf(key), init);
    return response;
  };
  return {
    async presignUpload(request: UploadRequest): Promise<UploadTicket> {
      if (options.postPolicy) {
        const policy = await options.postPolicy({
          ...request,
          bucket: options.bucket,
          region: options.region,
          now: now(),
          credentials: await options.credentials(),
        });
        return { method: 'POST', url: `${base}/`, fields: policy.fields };
      }
      const headers = { 'content-type': request.mediaType, 'content-length': String(request.size) };
      return {
        method: 'PUT',
        url: await presign(new URL(urlOf(request.key)), 'PUT', headers, request.expiresIn),
        headers,
      };
    },
    async presignDownload(key: string, download: DownloadOptions) {
      const url = new URL(urlOf(key));
      if (download.downloadName) {
        const name = download.downloadName.replace(/["\\\r\n]/g, '_');
        url.searchParams.set('response-content-disposition', `attachment; filename="${name}"`);
      }
      return presign(url, 'GET', {}, download.expiresIn);
    },
    async get(key) {
      const response = await send(key, { method: 'GET' });
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(`media store GET ${key}: ${response.status}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    async put(key, bytes, mediaType) {
      const response = await send(key, {
        method: 'PUT',
        body: bytes as Uint8Array<ArrayBuffer>,
        headers: { 'content-type': mediaType },
      });
      if (!response.ok) throw new Error(`media store PUT ${key}: ${response.status}`);
      await response.body?.cancel();
    },
    async delete(keys) {
      await Promise.all(
        keys.map(async (key) => {
          const response = await send(key, { method: 'DELETE' });
          await response.body?.cancel();
          if (!response.ok && response.status !== 404) throw new Error(`media store DELETE ${key}: ${response.status}`);
        }),
      );
    },
  };
}
