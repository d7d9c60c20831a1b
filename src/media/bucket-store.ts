import type { MediaStore } from './store.js';

/** The part of a Workers R2 binding the processor uses (structural: no Workers types in the core). */
export interface BucketLike {
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer> } | null>;
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>;
  delete(keys: string | string[]): Promise<void>;
}

/**
 * A media store over a bucket binding, for code that only reads, writes and deletes objects (the
 * processor Worker). It hands out no URLs: presigning is the API's (`./s3-store.ts`).
 */
export function createBucketMediaStore(bucket: BucketLike): MediaStore {
  const noUrls = () => Promise.reject(new TypeError('a bucket binding presigns no URLs; use the S3 store'));
  return {
    presignUpload: noUrls,
    presignDownload: noUrls,
    async get(key) {
      const object = await bucket.get(key);
      return object ? new Uint8Array(await object.arrayBuffer()) : null;
    },
    async put(key, bytes, mediaType) {
      await bucket.put(key, bytes, { httpMetadata: { contentType: mediaType } });
    },
    async delete(keys) {
      if (keys.length > 0) await bucket.delete([...keys]);
    },
  };
}
