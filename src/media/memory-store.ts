import type { DownloadOptions, MediaStore, UploadRequest, UploadTicket } from './store.js';

/**
 * A media store in memory, for tests and `STORAGE_BACKEND=memory` runs: presigned URLs are
 * `http://media.memory.invalid/…` references that only `upload` here understands (the size and type they pin are checked).
 */
export interface MemoryMediaStore extends MediaStore {
  readonly objects: Map<string, { bytes: Uint8Array; mediaType: string }>;
  /** What a client does with a ticket: store `bytes` under its key if they match what it pins. */
  upload(ticket: UploadTicket, bytes: Uint8Array): void;
}

export function createMemoryMediaStore(): MemoryMediaStore {
  const objects = new Map<string, { bytes: Uint8Array; mediaType: string }>();
  const tickets = new Map<string, UploadRequest>();
  return {
    objects,
    async presignUpload(request: UploadRequest): Promise<UploadTicket> {
      const url = `http://media.memory.invalid/upload/${request.key}`;
      tickets.set(url, request);
      return {
        method: 'PUT',
        url,
        headers: { 'content-type': request.mediaType, 'content-length': String(request.size) },
      };
    },
    async presignDownload(key: string, options: DownloadOptions) {
      return `http://media.memory.invalid/download/${key}?expires-in=${options.expiresIn}`;
    },
    upload(ticket, bytes) {
      const request = tickets.get(ticket.url);
      if (!request) throw new Error('unknown upload URL');
      if (bytes.length !== request.size) throw new Error('content-length does not match the signed one');
      objects.set(request.key, { bytes, mediaType: request.mediaType });
    },
    async get(key) {
      return objects.get(key)?.bytes ?? null;
    },
    async put(key, bytes, mediaType) {
      objects.set(key, { bytes, mediaType });
    },
    async delete(keys) {
      for (const key of keys) objects.delete(key);
    },
  };
}
