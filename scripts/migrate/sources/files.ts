import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** Whether the file starts with gzip's magic bytes (1f 8b): `mongodump --gzip`, or an export someone gzipped. */
export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

export interface ByteStream {
  chunks: AsyncIterable<Buffer>;
  /** Bytes of the file read so far (compressed bytes for a gzipped file): progress against `size`. */
  position(): number;
  size: number;
}

/** The file's bytes, decompressed when gzipped, streamed in 1 MiB reads. */
export async function readBytes(path: string): Promise<ByteStream> {
  const [{ size }, gzip] = await Promise.all([stat(path), isGzip(path)]);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let position = 0;
  file.on('data', (chunk) => {
    position += chunk.length;
  });
  const chunks = gzip ? file.pipe(createGunzip({ chunkSize: 1 << 20 })) : file;
  file.on('error', (error) => chunks.destroy(error));
  return { chunks: chunks as AsyncIterable<Buffer>, position: () => position, size };
}

/** Size and modification time: what a checkpoint remembers of its input, to refuse resuming on other data. */
export async function fileIdentity(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.size}:${Math.trunc(info.mtimeMs)}`;
}
