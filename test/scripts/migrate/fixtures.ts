import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BSON, calculateObjectSize, Decimal128, EJSON, Long, ObjectId, UUID } from 'bson';
import { ARCHIVE_MAGIC } from '../../../scripts/migrate/sources/archive.js';
import { Crc64 } from '../../../scripts/migrate/sources/crc64.js';

/**
 * MongoDB data the tests generate themselves with `bson` (no MongoDB server runs here), written in
 * the layouts the real tools produce: mongoexport (JSON lines, `--jsonArray`, `--pretty`; canonical
 * and relaxed Extended JSON v2 as the Go tools write them), mongodump folders (`.bson` +
 * `.metadata.json`, optionally gzipped) and `mongodump --archive` (mongo-tools
 * common/archive/spec.md: magic, prelude, interleaved namespace blocks, EOF blocks with CRC-64).
 */
export type Doc = Record<string, unknown>;
export interface Dataset {
  users: Doc[];
  conversations: Doc[];
  messages: Doc[];
}

/** An ObjectId of a given second, with a chosen process part and counter (deterministic fixtures). */
export function oid(seconds: number, counter: number, process = 0x0102030405): ObjectId {
  const bytes = new Uint8Array(12);
  new DataView(bytes.buffer).setUint32(0, seconds);
  for (let i = 0; i < 5; i++) bytes[4 + i] = Math.floor(process / 256 ** (4 - i)) % 256;
  bytes[9] = (counter >> 16) & 0xff;
  bytes[10] = (counter >> 8) & 0xff;
  bytes[11] = counter & 0xff;
  return new ObjectId(bytes);
}

const T0 = Date.UTC(2021, 2, 1, 12, 0, 0) / 1000;

/**
 * The edge-case dataset: every rule of docs/migration.md has a document here, and `EXPECTED`
 * says what becomes of it.
 */
export function edgeCaseDataset(): Dataset {
  const u = (n: number) => oid(T0 + n, n, 0x0a0a0a0a0a);
  const alice = u(1);
  const bob = u(2);
  const carol = u(3);
  const aliceCase = u(4);
  const dotted = u(5);
  const shorty = u(6);
  const nameless = u(7);
  const users: Doc[] = [
    { _id: alice, username: 'alice', name: 'Alice Liddell', createdAt: new Date((T0 + 1) * 1000) },
    {
      _id: bob,
      username: 'Bob_Builder',
      name: 'Bob',
      createdAt: new Date((T0 + 2) * 1000),
      updatedAt: new Date((T0 + 500) * 1000),
    },
    { _id: carol, username: 'carol', name: 'C'.repeat(95), createdAt: new Date(Date.UTC(1965, 4, 1)) },
    { _id: aliceCase, username: 'ALICE', name: 'Other Alice', createdAt: new Date((T0 + 4) * 1000) },
    { _id: dotted, username: 'john.doe', name: 'John', createdAt: new Date((T0 + 5) * 1000) },
    { _id: shorty, username: 'jo', name: 'Jo', createdAt: new Date((T0 + 6) * 1000) },
    { _id: nameless, username: 'Zoë_Ünïcode', createdAt: new Date((T0 + 7) * 1000) },
    { _id: 'legacy-user-1', username: 'legacy', name: 'Legacy', createdAt: new Date((T0 + 8) * 1000) },
    {
      _id: new UUID('3f2504e0-4f89-41d3-9a0c-0305e82c3301'),
      username: 'uuid_user',
      name: 'Uuid',
      createdAt: new Date((T0 + 9) * 1000),
    },
    // Rejected: the same id as alice once mapped (a string holding her ObjectId's hex).
    { _id: alice.toHexString(), username: 'alice_again', name: 'Dup', createdAt: new Date((T0 + 10) * 1000) },
    // Rejected: wrong type.
    { _id: u(11), username: 12345, name: 'Numbers', createdAt: new Date((T0 + 11) * 1000) },
    // Rejected: no _id.
    { username: 'ghost', name: 'Ghost', createdAt: new Date((T0 + 12) * 1000) },
    // No createdAt: taken from the ObjectId.
    { _id: u(13), username: 'late', name: 'Late' },
  ];
  const id = (d: Doc) => d._id as ObjectId;
  const c = (n: number) => oid(T0 + 100 + n, n, 0x0b0b0b0b0b);
  const main = c(1);
  const untitled = c(2);
  const crowded = c(3);
  const twice = c(4);
  const stringConversation = 'conv-legacy-1';
  const conversations: Doc[] = [
    {
      _id: main,
      title: 'Main room',
      createdBy: alice,
      members: [alice, bob, carol],
      createdAt: new Date((T0 + 101) * 1000),
      pinned: Long.fromString('9007199254740993'),
      budget: Decimal128.fromString('1234.50'),
    },
    {
      _id: untitled,
      title: null,
      createdBy: bob,
      members: [bob, id(users[3] as Doc)],
      createdAt: new Date((T0 + 102) * 1000),
    },
    {
      _id: crowded,
      title: 'Too many',
      createdBy: alice,
      members: Array.from({ length: 257 }, (_, i) => (i === 0 ? alice : oid(T0, i, 0x0c0c0c0c0c))),
      createdAt: new Date((T0 + 103) * 1000),
    },
    {
      _id: twice,
      title: 'T'.repeat(250),
      createdBy: alice,
      members: [alice, bob, alice, 'legacy-user-1', u(99)],
      createdAt: new Date((T0 + 104) * 1000),
    },
    {
      _id: stringConversation,
      title: 'Legacy',
      createdBy: 'legacy-user-1',
      members: ['legacy-user-1', alice],
      createdAt: new Date((T0 + 105) * 1000),
    },
    // Rejected: members is not an array.
    { _id: c(6), title: 'Broken', createdBy: alice, members: 'alice', createdAt: new Date((T0 + 106) * 1000) },
  ];
  const m = (seconds: number, counter: number, process = 0x0d0d0d0d0d) => oid(T0 + 1000 + seconds, counter, process);
  const at = (seconds: number, ms = 0) => new Date((T0 + 1000 + seconds) * 1000 + ms);
  const messages: Doc[] = [
    { _id: m(1, 1), conversation: main, author: alice, text: 'first', createdAt: at(1, 100) },
    // Three in one second, from two processes: createdAt orders them to the millisecond.
    { _id: m(2, 2, 0xffffffffff), conversation: main, author: bob, text: 'second', createdAt: at(2, 10) },
    { _id: m(2, 3, 0x0000000001), conversation: main, author: carol, text: 'third', createdAt: at(2, 20) },
    { _id: m(2, 4, 0x7f00000000), conversation: main, author: alice, text: 'fourth', createdAt: at(2, 30) },
    {
      _id: m(3, 5),
      conversation: main,
      author: bob,
      text: 'with files',
      createdAt: at(3),
      attachments: [
        { url: 'https://cdn.example.com/a.png', mimeType: 'image/png', filename: 'a.png', size: Long.fromNumber(2048) },
        { url: 'http://insecure.example.com/b.jpg', mimeType: 'image/jpeg' },
        { url: 'https://cdn.example.com/c.pdf', mimeType: 'application/pdf', size: 10 },
      ],
    },
    { _id: m(4, 6), conversation: main, author: alice, text: 'edited later', createdAt: at(4), editedAt: at(60) },
    {
      _id: m(5, 7),
      conversation: main,
      author: carol,
      text: 'regret',
      createdAt: at(5),
      deleted: true,
      updatedAt: at(70),
    },
    { _id: m(6, 8), conversation: main, author: bob, text: 'x'.repeat(4001), createdAt: at(6) },
    { _id: m(7, 9), conversation: main, author: bob, text: '', createdAt: at(7) },
    { _id: m(8, 10), conversation: c(42), author: bob, text: 'nowhere', createdAt: at(8) },
    { _id: m(9, 11), conversation: main, author: u(77), text: 'who?', createdAt: at(9) },
    { _id: m(10, 12), conversation: untitled, author: alice, text: 'not a member', createdAt: at(10) },
    {
      _id: m(11, 13),
      conversation: main,
      author: alice,
      text: 'too many files',
      createdAt: at(11),
      attachments: Array.from({ length: 11 }, (_, i) => ({
        url: `https://cdn.example.com/${i}`,
        mimeType: 'image/png',
      })),
    },
    {
      _id: m(12, 14),
      conversation: main,
      author: alice,
      text: 'huge size',
      createdAt: at(12),
      attachments: [
        { url: 'https://cdn.example.com/huge', mimeType: 'video/mp4', size: Long.fromString('9007199254740993') },
      ],
    },
    {
      _id: 'legacy-msg-1',
      conversation: stringConversation,
      author: 'legacy-user-1',
      text: 'from the old days',
      createdAt: at(13),
    },
    { _id: m(14, 15), conversation: stringConversation, author: alice, text: 'hello legacy', createdAt: at(14) },
    { _id: m(15, 16), conversation: untitled, author: bob, text: 'untitled hello' },
    { _id: m(16, 17), conversation: crowded, author: alice, text: 'in a rejected conversation', createdAt: at(16) },
    { _id: m(17, 18), conversation: twice, author: alice, text: 'in the long-titled one', createdAt: at(17) },
    { _id: m(18, 19), conversation: main, author: carol, text: 'last word', createdAt: at(18, 999) },
    { _id: m(19, 20), conversation: main, author: alice, text: 42, createdAt: at(19) },
  ];
  return { users, conversations, messages };
}

/** What the edge-case dataset becomes (checked by the tests). */
export const EXPECTED = {
  users: { read: 13, accepted: 10, rejected: { 'duplicate-id': 1, 'wrong-type': 1, 'missing-field': 1 } },
  conversations: { read: 6, accepted: 4, rejected: { 'too-many-participants': 1, 'wrong-type': 1 } },
  messages: {
    read: 21,
    accepted: 12,
    rejected: {
      'body-too-long': 1,
      'empty-body': 1,
      'conversation-missing': 2,
      'author-missing': 1,
      'author-not-member': 1,
      'too-many-attachments': 1,
      'invalid-value': 1,
      'wrong-type': 1,
    },
  },
  /** Texts of the main room's migrated messages, oldest first. */
  mainRoom: ['first', 'second', 'third', 'fourth', 'with files', 'edited later', '', 'last word'],
};

/** A large, valid dataset for throughput and resume tests: `users`, `conversations` and `messages` counts. */
export function bulkDataset(counts: { users: number; conversations: number; messages: number }): Dataset {
  const users = Array.from({ length: counts.users }, (_, i) => ({
    _id: oid(T0 + i, i, 0x1111111111),
    username: `user${i}`,
    name: `User ${i}`,
    createdAt: new Date((T0 + i) * 1000),
  }));
  const conversations = Array.from({ length: counts.conversations }, (_, i) => {
    const members = [0, 1, 2, 3].map((k) => users[(i * 4 + k) % users.length]?._id);
    return {
      _id: oid(T0 + 10_000 + i, i, 0x2222222222),
      title: `Room ${i}`,
      createdBy: members[0],
      members,
      createdAt: new Date((T0 + 10_000 + i) * 1000),
    };
  });
  const messages = Array.from({ length: counts.messages }, (_, i) => bulkMessage(i, conversations, counts));
  return { users, conversations, messages };
}

export function bulkMessage(i: number, conversations: Doc[], counts: { conversations: number }): Doc {
  const conversation = conversations[i % counts.conversations] as { _id: unknown; members: unknown[] };
  const second = T0 + 100_000 + Math.floor(i / 3);
  return {
    _id: oid(second, i, 0x3333333333),
    conversation: conversation._id,
    author: conversation.members[i % 4],
    text: `message ${i} — ${'lorem ipsum '.repeat(i % 7)}`,
    createdAt: new Date(second * 1000 + (i % 3) * 7),
    ...(i % 50 === 0
      ? { attachments: [{ url: `https://cdn.example.com/${i}.png`, mimeType: 'image/png', size: 1000 + i }] }
      : {}),
    ...(i % 97 === 0 ? { deleted: true } : {}),
  };
}

// --- mongoexport -------------------------------------------------------------------------------------

const LONG_MARK = '@@long@@';

/**
 * Relaxed Extended JSON as mongoexport writes it (the Go driver): Int32/Int64/Double as plain numbers
 * — Int64 exactly, even above 2^53, which `bson`'s own relaxed writer rounds — dates of the years
 * 1970–9999 as ISO strings and the others in canonical `{"$date":{"$numberLong":…}}`.
 */
function relaxed(value: unknown, inDate = false): unknown {
  if (Array.isArray(value)) return value.map((v) => relaxed(v));
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  if ('$numberInt' in o) return Number(o.$numberInt);
  if ('$numberLong' in o && !inDate) return `${LONG_MARK}${o.$numberLong}${LONG_MARK}`;
  if ('$numberDouble' in o) {
    const n = Number(o.$numberDouble);
    return Number.isFinite(n) ? n : o;
  }
  if ('$date' in o) {
    const ms = Number((o.$date as { $numberLong: string }).$numberLong);
    return ms >= 0 && ms <= 253402300799999 ? { $date: new Date(ms).toISOString() } : o;
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, relaxed(v, k === '$date')]));
}

export function toExtendedJson(doc: Doc, flavour: 'canonical' | 'relaxed', pretty = false): string {
  const canonical = EJSON.serialize(doc, { relaxed: false });
  const tree = flavour === 'canonical' ? canonical : relaxed(canonical);
  const text = JSON.stringify(tree, null, pretty ? 2 : undefined);
  return text.replace(new RegExp(`"${LONG_MARK}(-?\\d+)${LONG_MARK}"`, 'g'), '$1');
}

export interface ExportOptions {
  flavour: 'canonical' | 'relaxed';
  layout: 'lines' | 'array' | 'pretty';
  gzip?: boolean;
  extension?: string;
}

export async function writeExport(dir: string, data: Dataset, options: ExportOptions): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const [name, docs] of Object.entries(data)) {
    const texts = (docs as Doc[]).map((d) => toExtendedJson(d, options.flavour, options.layout === 'pretty'));
    const body = options.layout === 'array' ? `[${texts.join(',')}]` : `${texts.join('\n')}\n`;
    const file = join(dir, `${name}${options.extension ?? '.json'}${options.gzip ? '.gz' : ''}`);
    await writeFile(file, options.gzip ? gzipSync(body) : body);
  }
  return dir;
}

// --- mongodump ---------------------------------------------------------------------------------------

/** `BSON.serialize`, guarded: bson 7 silently truncates documents over 17 MiB. */
export function serializeDoc(doc: Doc): Uint8Array {
  const size = calculateObjectSize(doc);
  if (size > 16 * 1024 * 1024) throw new Error(`fixture document of ${size} bytes is larger than BSON allows`);
  return BSON.serialize(doc);
}

const metadata = (name: string) =>
  EJSON.stringify(
    { indexes: [{ v: 2, key: { _id: 1 }, name: '_id_' }], uuid: new UUID().toHexString(), collectionName: name },
    { relaxed: false },
  );

export async function writeDump(
  dir: string,
  data: Dataset,
  options: { db?: string; gzip?: boolean } = {},
): Promise<string> {
  const folder = join(dir, options.db ?? 'chat');
  await mkdir(folder, { recursive: true });
  const gz = (bytes: Uint8Array | string) => (options.gzip ? gzipSync(bytes) : bytes);
  for (const [name, docs] of Object.entries(data)) {
    const body = Buffer.concat((docs as Doc[]).map((d) => serializeDoc(d)));
    await writeFile(join(folder, `${name}.bson${options.gzip ? '.gz' : ''}`), gz(body));
    await writeFile(join(folder, `${name}.metadata.json${options.gzip ? '.gz' : ''}`), gz(metadata(name)));
  }
  return dir;
}

// --- mongodump --archive -----------------------------------------------------------------------------

const TERMINATOR = Buffer.from([0xff, 0xff, 0xff, 0xff]);

/**
 * An archive as mongodump writes it: documents of the collections interleaved in blocks of
 * `blockSize` (as concurrent collection dumps produce), each namespace closed by its EOF block.
 */
export function archiveBytes(
  data: Dataset,
  options: { db?: string; blockSize?: number; corruptCrc?: boolean; truncate?: number } = {},
): Buffer {
  const db = options.db ?? 'chat';
  const blockSize = options.blockSize ?? 3;
  const parts: Uint8Array[] = [];
  const magic = Buffer.alloc(4);
  magic.writeUInt32LE(ARCHIVE_MAGIC);
  parts.push(magic);
  parts.push(
    serializeDoc({ concurrent_collections: 4, version: '0.1', server_version: '7.0.12', tool_version: '100.9.4' }),
  );
  const entries = Object.entries(data) as Array<[string, Doc[]]>;
  for (const [name, docs] of entries) {
    const size = docs.reduce((sum, d) => sum + calculateObjectSize(d), 0);
    parts.push(serializeDoc({ db, collection: name, metadata: metadata(name), size, type: 'collection' }));
  }
  parts.push(TERMINATOR);
  const cursors = entries.map(([name, docs]) => ({ name, docs, at: 0, crc: new Crc64() }));
  while (cursors.some((c) => c.at < c.docs.length)) {
    for (const cursor of cursors) {
      if (cursor.at >= cursor.docs.length) continue;
      parts.push(serializeDoc({ db, collection: cursor.name, EOF: false, CRC: Long.fromInt(0) }));
      for (const doc of cursor.docs.slice(cursor.at, cursor.at + blockSize)) {
        const bytes = serializeDoc(doc);
        cursor.crc.update(bytes);
        parts.push(bytes);
      }
      cursor.at += blockSize;
      parts.push(TERMINATOR);
    }
  }
  for (const cursor of cursors) {
    const crc = options.corruptCrc ? cursor.crc.digest() ^ 1n : cursor.crc.digest();
    parts.push(serializeDoc({ db, collection: cursor.name, EOF: true, CRC: Long.fromBigInt(BigInt.asIntN(64, crc)) }));
    parts.push(TERMINATOR);
  }
  const all = Buffer.concat(parts);
  return options.truncate ? all.subarray(0, all.length - options.truncate) : all;
}

export async function writeArchive(
  file: string,
  data: Dataset,
  options: { gzip?: boolean; blockSize?: number } = {},
): Promise<string> {
  const bytes = archiveBytes(data, options);
  await writeFile(file, options.gzip ? gzipSync(bytes) : bytes);
  return file;
}
