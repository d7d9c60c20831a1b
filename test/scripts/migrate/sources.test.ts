import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BinaryValue, DecimalValue, ObjectIdValue, type SourceDocument } from '../../../src/migration/values.js';
import { Crc64 } from '../../../scripts/migrate/sources/crc64.js';
import { JsonValueSplitter, type Piece } from '../../../scripts/migrate/sources/json-values.js';
import { protectLargeIntegers } from '../../../scripts/migrate/sources/relaxed-integers.js';
import { decodeRecord, openSource, type Source } from '../../../scripts/migrate/sources/source.js';
import { archiveBytes, edgeCaseDataset, writeArchive, writeDump, writeExport } from './fixtures.js';

const COLLECTIONS = ['users', 'conversations', 'messages'] as const;

async function readAll(source: Source): Promise<Record<string, Array<SourceDocument | string>>> {
  const out: Record<string, Array<SourceDocument | string>> = {};
  for (const name of COLLECTIONS) {
    const docs: Array<SourceDocument | string> = [];
    for await (const chunk of source.records(name)) {
      for (const record of chunk.records) {
        try {
          docs.push(decodeRecord(record));
        } catch (error) {
          docs.push(`rejected: ${(error as Error).message}`);
        }
      }
    }
    out[name] = docs;
  }
  return out;
}

/** Int64 values that fit a double exactly, as numbers (what relaxed mode gives); larger ones stay bigint. */
function numbersAlike(value: unknown): unknown {
  if (typeof value === 'bigint')
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  if (Array.isArray(value)) return value.map(numbersAlike);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAlike(v)]));
  }
  if (
    value &&
    typeof value === 'object' &&
    !(value instanceof Date) &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAlike(v)]));
  }
  return value;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-migrate-sources-'));
});

describe('every input format reads the same documents, without losing precision', () => {
  const data = edgeCaseDataset();
  const variants: Array<[string, (at: string) => Promise<string>]> = [
    ['mongoexport JSON lines, canonical', (at) => writeExport(at, data, { flavour: 'canonical', layout: 'lines' })],
    [
      'mongoexport JSON lines, relaxed (the default)',
      (at) => writeExport(at, data, { flavour: 'relaxed', layout: 'lines', extension: '.jsonl' }),
    ],
    ['mongoexport --jsonArray, relaxed', (at) => writeExport(at, data, { flavour: 'relaxed', layout: 'array' })],
    [
      'mongoexport --pretty, canonical, gzipped',
      (at) => writeExport(at, data, { flavour: 'canonical', layout: 'pretty', gzip: true }),
    ],
    ['mongodump folder', (at) => writeDump(at, data)],
    ['mongodump --gzip folder', (at) => writeDump(at, data, { gzip: true })],
    ['mongodump --archive', (at) => writeArchive(`${at}.archive`, data)],
    ['mongodump --archive --gzip', (at) => writeArchive(`${at}.archive.gz`, data, { gzip: true, blockSize: 2 })],
  ];
  let reference: Record<string, Array<SourceDocument | string>>;

  beforeAll(async () => {
    reference = await readAll(await openSource(await variants[0]![1](join(dir, 'reference')), 'auto'));
  });

  it.each(variants)('%s', async (_label, write) => {
    const source = await openSource(await write(join(dir, _label.replace(/\W+/g, '-'))), 'auto');
    const docs = await readAll(source);
    // Relaxed Extended JSON does not keep number types: a small Int64 comes back as an integer number.
    expect(numbersAlike(docs)).toEqual(numbersAlike(reference));
    expect(docs.users).toHaveLength(data.users.length);
    expect(docs.messages).toHaveLength(data.messages.length);
    const main = docs.conversations?.[0] as SourceDocument;
    // Int64 above 2^53 (a relaxed export writes it as a bare number), Decimal128, pre-1970 dates.
    expect(main.pinned).toBe(9007199254740993n);
    expect(main.budget).toEqual(new DecimalValue('1234.50'));
    expect(main._id).toEqual(new ObjectIdValue('603cd7a50b0b0b0b0b000001'));
    const carol = docs.users?.[2] as SourceDocument;
    expect((carol.createdAt as Date).toISOString()).toBe('1965-05-01T00:00:00.000Z');
    const uuidUser = docs.users?.[8] as SourceDocument;
    expect((uuidUser._id as BinaryValue).uuid).toBe('3f2504e0-4f89-41d3-9a0c-0305e82c3301');
    const legacyUser = docs.users?.[7] as SourceDocument;
    expect(typeof legacyUser._id).toBe('string');
  });

  it('chooses the format from what it finds, and says what it needs when it cannot', async () => {
    await expect(openSource(join(dir, 'nothing-here'), 'auto')).rejects.toThrow(/ENOENT/);
    const empty = await mkdtemp(join(dir, 'empty-'));
    await expect(openSource(empty, 'auto')).rejects.toThrow(/no mongoexport .* or mongodump/);
    const twoDbs = join(dir, 'two-dbs');
    await writeDump(twoDbs, data, { db: 'a' });
    await writeDump(twoDbs, data, { db: 'b' });
    await expect(openSource(twoDbs, 'auto')).rejects.toThrow(/several databases \(a, b\).*--db/);
    expect((await openSource(twoDbs, 'auto', 'b')).description).toContain(join(twoDbs, 'b'));
    const notArchive = join(dir, 'not-an-archive.bin');
    await writeFile(notArchive, 'hello');
    await expect(openSource(notArchive, 'auto')).rejects.toThrow(/not a mongodump archive/);
  });
});

describe('damaged input', () => {
  const data = edgeCaseDataset();
  it('an archive whose CRC does not match is refused at that namespace', async () => {
    const file = join(dir, 'bad-crc.archive');
    await writeFile(file, archiveBytes(data, { corruptCrc: true }));
    const source = await openSource(file, 'auto');
    await expect(readAll(source)).rejects.toThrow(/CRC mismatch/);
  });

  it('a truncated archive is refused, not read as complete', async () => {
    const file = join(dir, 'truncated.archive');
    await writeFile(file, archiveBytes(data, { truncate: 300 }));
    await expect(readAll(await openSource(file, 'auto'))).rejects.toThrow(/truncated|no EOF block/);
  });

  it('a corrupt .bson length stops the read with the byte offset', async () => {
    const folder = join(dir, 'corrupt-dump', 'chat');
    await writeDump(join(dir, 'corrupt-dump'), data);
    const garbage = Buffer.alloc(8, 0xee);
    await writeFile(join(folder, 'messages.bson'), garbage);
    await expect(readAll(await openSource(join(dir, 'corrupt-dump'), 'auto'))).rejects.toThrow(
      /corrupt BSON at byte 0/,
    );
  });

  it('unparsable lines and a truncated last document are rejected one by one; the rest is read', async () => {
    const folder = join(dir, 'bad-lines');
    await writeExport(folder, data, { flavour: 'relaxed', layout: 'lines' });
    const lines = [
      '{"_id":{"$oid":"603cd7410a0a0a0a0a000001"},"username":"ok","name":"Ok","createdAt":{"$date":"2021-01-01T00:00:00Z"}}',
      'not json at all',
      '{"_id": {"$oid": "zz"}}',
      '{"_id":{"$oid":"603cd7410a0a0a0a0a000002"},"username":"cut',
    ];
    await writeFile(join(folder, 'users.json'), gzipSync(lines.join('\n')));
    const docs = await readAll(await openSource(folder, 'auto'));
    expect(docs.users).toHaveLength(4);
    expect(typeof docs.users?.[0]).toBe('object');
    expect(docs.users?.[1]).toMatch(/not a JSON document: not json at all/);
    expect(docs.users?.[2]).toMatch(/invalid Extended JSON/);
    expect(docs.users?.[3]).toMatch(/truncated/);
  });
});

describe('JSON value splitting', () => {
  it('finds the same documents wherever the chunks break, strings with braces and escapes included', () => {
    const text = '[{"a":"}{\\"]","b":[1,{"c":"\\\\"}]}\n,\n{"d":"ü"} ,{"e":[]}]';
    const whole: Piece[] = [];
    const one = new JsonValueSplitter();
    one.push(text, whole);
    one.end(whole);
    expect(whole).toEqual([
      { text: '{"a":"}{\\"]","b":[1,{"c":"\\\\"}]}' },
      { text: '{"d":"ü"}' },
      { text: '{"e":[]}' },
    ]);
    for (let cut = 1; cut < text.length; cut++) {
      const parts: Piece[] = [];
      const splitter = new JsonValueSplitter();
      splitter.push(text.slice(0, cut), parts);
      splitter.push(text.slice(cut), parts);
      splitter.end(parts);
      expect(parts).toEqual(whole);
    }
  });
});

describe('relaxed integers', () => {
  it('turns integer literals beyond ±(2^53−1) into $numberLong, leaving strings, safe integers, doubles and > Int64 alone', () => {
    expect(protectLargeIntegers('{"n":9007199254740993,"m":-9223372036854775808,"s":"9007199254740993","k":12}')).toBe(
      '{"n":{"$numberLong":"9007199254740993"},"m":{"$numberLong":"-9223372036854775808"},"s":"9007199254740993","k":12}',
    );
    expect(protectLargeIntegers('{"d":90071992547409930.5,"e":1e308,"big":99999999999999999999}')).toBe(
      '{"d":90071992547409930.5,"e":1e308,"big":99999999999999999999}',
    );
    expect(protectLargeIntegers('{"safe":9007199254740991}')).toBe('{"safe":9007199254740991}');
  });
});

describe('CRC-64/ECMA (Go hash/crc64 with the ECMA table, as mongodump uses it)', () => {
  it('gives the published check value and the same result however the input is split', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(new Crc64().update(bytes).digest()).toBe(0x995dc9bbdf1939fan);
    expect(new Crc64().update(bytes.subarray(0, 4)).update(bytes.subarray(4)).digest()).toBe(0x995dc9bbdf1939fan);
  });
});
