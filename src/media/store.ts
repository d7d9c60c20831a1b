/**
 * The media store port: where attachment bytes live (S3, R2, a directory, memory). The core never
 * streams an upload through the API; it hands the client a short-lived credential for one key
 * (`presignUpload`) and the processor reads, writes and deletes objects through the same port.
 * Implementations: `./s3-store.ts` (S3 and any S3-compatible endpoint: presigned POST or PUT),
 * `./r2-store.ts` (an R2 binding + presigned PUT), `./memory-store.ts` (tests), and the Node
 * directory store (`adapters/node/media-directory.ts`, loopback URLs signed with an HMAC).
 */
export interface MediaStore {
  /** How the client sends exactly `size` bytes of `mediaType` to `key`, valid for `expiresIn` seconds. */
  presignUpload(request: UploadRequest): Promise<UploadTicket>;
  /** A URL that reads `key` for `expiresIn` seconds. */
  presignDownload(key: string, options: DownloadOptions): Promise<string>;
  /** The object's bytes, or `null` when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, bytes: Uint8Array, mediaType: string): Promise<void>;
  /** Deleting a key that is not there is not an error. */
  delete(keys: readonly string[]): Promise<void>;
}

export interface UploadRequest {
  key: string;
  mediaType: string;
  size: number;
  expiresIn: number;
}

/** The `upload` object of `POST …/attachments`, as the client uses it. */
export interface UploadTicket {
  method: 'PUT' | 'POST';
  url: string;
  /** PUT: headers the client must send exactly as given (they are signed). */
  headers?: Record<string, string>;
  /** POST: form fields to send before the file (the policy and its signature among them). */
  fields?: Record<string, string>;
}

export interface DownloadOptions {
  expiresIn: number;
  /** Served as `Content-Disposition: attachment` under this name (files that are not images). */
  downloadName?: string;
}
