import { BSON } from 'bson';
import { CorruptBsonError, bsonItems } from './bson-items.js';
import { Crc64 } from './crc64.js';

/**
 * `mongodump --archive` files (gzipped or not), after mongo-tools `common/archive/spec.md`:
 *
 *   archive   = magic 0x8199e26d (bytes 6d e2 99 81), prelude block, namespace blocks…
 *   block     = a header document, body documents…, terminator 0xffffffff
 *   prelude   = header {concurrent_collections, version "0.1", server_version, tool_version},
 *               bodies {db, collection, metadata (canonical Extended JSON), size}
 *   namespace = header {db, collection, EOF: false, CRC: 0}, the collection's documents
 *               (one collection's documents may be split over several blocks, interleaved with others)
 *   end       = header {db, collection, EOF: true, CRC: CRC-64/ECMA of all its documents}, no bodies
 *
 * Reading one collection streams the whole archive, copies out only that namespace's documents, and
 * checks its CRC at its EOF block; an archive that ends before that EOF is reported as truncated.
 */
export const ARCHIVE_MAGIC = 0x8199e26d;

export interface ArchiveCollection {
  db: string;
  collection: string;
  /** Uncompressed bytes of its documents (from the prelude). */
  size: number;
  metadata: string;
}

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
}

type Header = { db?: string; collection?: string; EOF?: boolean; CRC?: bigint | number };

function readHeader(bytes: Uint8Array): Header {
  return BSON.deserialize(bytes, { useBigInt64: true }) as Header;
}

async function* withMagic(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let head: Buffer = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < 4) continue;
    if (head.readUInt32LE(0) !== ARCHIVE_MAGIC) throw new ArchiveError('not a mongodump archive (no magic number)');
    checked = true;
    if (head.length > 4) yield head.subarray(4);
  }
  if (!checked) throw new ArchiveError('not a mongodump archive (shorter than its magic number)');
}

/** Whether the first bytes are an archive's magic number. */
export function hasArchiveMagic(first: Buffer): boolean {
  return first.length >= 4 && first.readUInt32LE(0) === ARCHIVE_MAGIC;
}

/**
 * Walks the archive's blocks: the prelude's collections first, then each namespace block's documents.
 * `onDocuments` is called only for `want`'s documents (`null`: none, e.g. when only the prelude is needed).
 */
export async function* archiveDocuments(
  chunks: AsyncIterable<Buffer>,
  want: { db: string; collection: string } | null,
  onPrelude?: (collections: ArchiveCollection[]) => void,
): AsyncGenerator<Uint8Array[]> {
  let state: 'prelude-header' | 'prelude-body' | 'block-header' | 'block-body' | 'eof-terminator' = 'prelude-header';
  const prelude: ArchiveCollection[] = [];
  let current = false;
  let sawWantedEof = false;
  const crc = new Crc64();
  for await (const items of bsonItems(withMagic(chunks), { terminators: true })) {
    const docs: Uint8Array[] = [];
    for (const item of items) {
      switch (state) {
        case 'prelude-header':
          if (item === null) throw new ArchiveError('archive prelude has no header');
          state = 'prelude-body';
          break;
        case 'prelude-body':
          if (item === null) {
            state = 'block-header';
            onPrelude?.(prelude);
            if (want === null) return;
            if (!prelude.some((c) => c.db === want.db && c.collection === want.collection)) return;
          } else {
            const meta = BSON.deserialize(item) as Partial<ArchiveCollection>;
            prelude.push({
              db: String(meta.db ?? ''),
              collection: String(meta.collection ?? ''),
              size: Number(meta.size ?? 0),
              metadata: String(meta.metadata ?? ''),
            });
          }
          break;
        case 'block-header': {
          if (item === null) throw new ArchiveError('archive block without a header');
          const header = readHeader(item);
          const isWanted = want !== null && header.db === want.db && header.collection === want.collection;
          if (header.EOF === true) {
            if (isWanted) {
              const expected = BigInt.asUintN(64, BigInt(header.CRC ?? 0));
              if (expected !== crc.digest()) {
                throw new ArchiveError(`${want.db}.${want.collection}: CRC mismatch (archive corrupt)`);
              }
              sawWantedEof = true;
            }
            state = 'eof-terminator';
          } else {
            current = isWanted;
            state = 'block-body';
          }
          break;
        }
        case 'block-body':
          if (item === null) state = 'block-header';
          else if (current) {
            crc.update(item);
            docs.push(item);
          }
          break;
        case 'eof-terminator':
          if (item !== null) throw new ArchiveError('archive EOF header not followed by a terminator');
          state = 'block-header';
          break;
      }
    }
    if (docs.length > 0) yield docs;
    if (sawWantedEof) return;
  }
  if (state === 'prelude-header' || state === 'prelude-body') throw new ArchiveError('archive ends inside its prelude');
  if (want !== null && prelude.some((c) => c.db === want.db && c.collection === want.collection)) {
    throw new ArchiveError(`archive truncated: ${want.db}.${want.collection} has no EOF block`);
  }
}

export { CorruptBsonError };
