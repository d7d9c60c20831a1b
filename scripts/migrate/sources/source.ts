import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { BSON, EJSON } from 'bson';
import { Rejection } from '../../../src/migration/rejection.js';
import type { SourceDocument } from '../../../src/migration/values.js';
import { type ArchiveCollection, archiveDocuments, hasArchiveMagic } from './archive.js';
import { bsonItems } from './bson-items.js';
import { toSourceDocument } from './convert.js';
import { fileIdentity, readBytes } from './files.js';
import { JsonValueSplitter, type Piece } from './json-values.js';
import { protectLargeIntegers } from './relaxed-integers.js';
import { createGunzip } from 'node:zlib';
import { createReadStream } from 'node:fs';

export type SourceFormat = 'jsonl' | 'json' | 'dump' | 'archive';

/** One document as read, not yet decoded: JSON text or BSON bytes, or why it is not a document. */
export type RawRecord = { text: string } | { bytes: Uint8Array } | { junk: string };

export interface RecordChunk {
  records: RawRecord[];
  /** Bytes of the input read so far, against `CollectionInput.bytes` (progress and ETA). */
  position: number;
}

export interface CollectionInput {
  name: string;
  /** The file read for it (the archive for every collection of an archive); `null` when the source has none. */
  file: string | null;
  /** Total bytes to read for one pass. */
  bytes: number;
}

/**
 * Where the documents come from. Each collection is read from its start as often as the migration
 * needs (the index pass, the write pass, `--verify`); records come in chunks, in file order, so an
 * ordinal (the record's index in its collection) names the same document every time.
 */
export interface Source {
  format: SourceFormat;
  description: string;
  collection(name: string): CollectionInput;
  records(name: string): AsyncIterable<RecordChunk>;
  /** Identity of the input files (size + mtime), stored in checkpoints. */
  fingerprint(): Promise<string>;
}

/** Decode one record; an unreadable one is a `Rejection('unreadable')`. */
export function decodeRecord(record: RawRecord): SourceDocument {
  if ('junk' in record) throw new Rejection('unreadable', null, `not a JSON document: ${record.junk.slice(0, 120)}`);
  let parsed: unknown;
  try {
    parsed =
      'text' in record
        ? EJSON.parse(protectLargeIntegers(record.text), { relaxed: false })
        : BSON.deserialize(record.bytes, { promoteValues: false, promoteLongs: false, promoteBuffers: false });
  } catch (error) {
    const what = 'text' in record ? 'Extended JSON' : 'BSON';
    throw new Rejection('unreadable', null, `invalid ${what}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Rejection('unreadable', null, 'not a document');
  }
  return toSourceDocument(parsed as Record<string, unknown>);
}

/** A SHA-256 of an id's text: the digest `src/migration/ids.ts` derives non-ObjectId ULIDs from. */
export const sha256 = (text: string): Uint8Array => createHash('sha256').update(text).digest();

async function firstBytes(path: string): Promise<Buffer> {
  const stream = createReadStream(path, { start: 0, end: 1 << 16 });
  const gz = await readHead(stream);
  if (gz.length >= 2 && gz[0] === 0x1f && gz[1] === 0x8b) {
    // Decompress just enough to see the magic number.
    const inflated = createReadStream(path).pipe(createGunzip());
    const head = await readHead(inflated);
    return head;
  }
  return gz;
}

async function readHead(stream: NodeJS.ReadableStream & { destroy(): void }): Promise<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    stream.destroy();
    return chunk;
  }
  return Buffer.alloc(0);
}

const EXPORT_EXTENSIONS = ['.json', '.jsonl', '.ndjson', '.json.gz', '.jsonl.gz', '.ndjson.gz'];
const DUMP_EXTENSIONS = ['.bson', '.bson.gz'];

/**
 * The source at `path`: a folder of mongoexport files (`<collection>.json|.jsonl|.ndjson`, optionally
 * gzipped; JSON lines or `--jsonArray`, canonical or relaxed), a mongodump folder (`<collection>.bson`
 * + `.metadata.json`, or their `.gz`; the database folder or the dump folder holding one database),
 * or a `mongodump --archive` file (gzipped or not).
 */
export async function openSource(path: string, format: SourceFormat | 'auto', db?: string): Promise<Source> {
  const info = await stat(path);
  if (info.isFile()) {
    if (format !== 'auto' && format !== 'archive')
      throw new Error(`--format ${format} needs a folder; ${path} is a file`);
    if (!hasArchiveMagic(await firstBytes(path))) {
      throw new Error(
        `${path} is not a mongodump archive; give a folder of mongoexport files or a dump folder instead`,
      );
    }
    return archiveSource(path, db);
  }
  let folder = path;
  let names = await readdir(folder);
  const has = (exts: string[]) => names.some((n) => exts.some((e) => n.endsWith(e)));
  if (format === 'dump' || (format === 'auto' && !has(EXPORT_EXTENSIONS))) {
    if (!has(DUMP_EXTENSIONS)) {
      const dbs: string[] = [];
      for (const name of names) {
        const sub = join(folder, name);
        if (
          (await stat(sub)).isDirectory() &&
          (await readdir(sub)).some((n) => DUMP_EXTENSIONS.some((e) => n.endsWith(e)))
        ) {
          dbs.push(name);
        }
      }
      const chosen = db !== undefined ? dbs.find((d) => d === db) : dbs.length === 1 ? dbs[0] : undefined;
      if (chosen === undefined) {
        throw new Error(
          dbs.length === 0
            ? `${path} holds no mongoexport (.json/.jsonl) or mongodump (.bson) files`
            : `${path} holds the dumps of several databases (${dbs.join(', ')}): choose one with --db`,
        );
      }
      folder = join(folder, chosen);
      names = await readdir(folder);
    }
    return fileSource('dump', folder, names, DUMP_EXTENSIONS);
  }
  if (!has(EXPORT_EXTENSIONS)) throw new Error(`${path} holds no mongoexport files (.json, .jsonl, .ndjson)`);
  return fileSource(format === 'json' ? 'json' : 'jsonl', folder, names, EXPORT_EXTENSIONS);
}

async function fileSource(
  format: SourceFormat,
  folder: string,
  names: string[],
  extensions: string[],
): Promise<Source> {
  const fileOf = (collection: string) => {
    const name = extensions.map((e) => `${collection}${e}`).find((candidate) => names.includes(candidate));
    return name === undefined ? null : join(folder, name);
  };
  const sizes = new Map<string, number>();
  for (const name of names) sizes.set(name, (await stat(join(folder, name))).size);
  const isDump = format === 'dump';
  return {
    format,
    description: `${isDump ? 'mongodump folder' : 'mongoexport folder'} ${folder}`,
    collection(name) {
      const file = fileOf(name);
      return { name, file, bytes: file === null ? 0 : (sizes.get(basename(file)) ?? 0) };
    },
    async *records(name) {
      const file = fileOf(name);
      if (file === null) return;
      const bytes = await readBytes(file);
      if (isDump) {
        for await (const docs of bsonItems(bytes.chunks)) {
          yield { records: docs.map((doc) => ({ bytes: doc as Uint8Array })), position: bytes.position() };
        }
        return;
      }
      const splitter = new JsonValueSplitter();
      const decoder = new StringDecoder('utf8');
      for await (const chunk of bytes.chunks) {
        const pieces: Piece[] = [];
        splitter.push(decoder.write(chunk), pieces);
        if (pieces.length > 0) yield { records: pieces, position: bytes.position() };
      }
      const pieces: Piece[] = [];
      splitter.push(decoder.end(), pieces);
      splitter.end(pieces);
      if (pieces.length > 0) yield { records: pieces, position: bytes.position() };
    },
    async fingerprint() {
      const parts: string[] = [];
      for (const name of [...names].sort()) {
        if (extensions.some((e) => name.endsWith(e))) parts.push(`${name}=${await fileIdentity(join(folder, name))}`);
      }
      return parts.join(',');
    },
  };
}

async function archiveSource(path: string, db: string | undefined): Promise<Source> {
  let prelude: ArchiveCollection[] = [];
  const bytes = await readBytes(path);
  for await (const _ of archiveDocuments(bytes.chunks, null, (collections) => {
    prelude = collections;
  })) {
    // The prelude only.
  }
  const dbs = [...new Set(prelude.map((c) => c.db))];
  const chosen = db ?? (dbs.length === 1 ? dbs[0] : undefined);
  if (chosen === undefined || !dbs.includes(chosen)) {
    throw new Error(
      dbs.length === 0
        ? `${path}: the archive holds no collections`
        : `${path} holds several databases (${dbs.join(', ')}): choose one with --db`,
    );
  }
  return {
    format: 'archive',
    description: `mongodump archive ${path} (database ${chosen})`,
    collection(name) {
      const known = prelude.some((c) => c.db === chosen && c.collection === name);
      return { name, file: known ? path : null, bytes: known ? bytes.size : 0 };
    },
    async *records(name) {
      if (!prelude.some((c) => c.db === chosen && c.collection === name)) return;
      const stream = await readBytes(path);
      for await (const docs of archiveDocuments(stream.chunks, { db: chosen, collection: name })) {
        yield { records: docs.map((doc) => ({ bytes: doc })), position: stream.position() };
      }
    },
    fingerprint: async () => `${basename(path)}=${await fileIdentity(path)}`,
  };
}
