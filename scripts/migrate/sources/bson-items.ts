/**
 * Concatenated BSON documents (a mongodump `.bson` file, an archive's body) as byte slices, without
 * deserializing them: each document starts with its int32 little-endian length. In an archive a
 * length of 0xffffffff is a terminator (`null` here). A length no BSON document can have means the
 * stream is corrupt from there on (a length prefix cannot be resynchronised), so it throws.
 */
export const MAX_DOCUMENT = 16 * 1024 * 1024 + 16 * 1024;
export const TERMINATOR = 0xffffffff;

export class CorruptBsonError extends Error {
  override readonly name = 'CorruptBsonError';
}

export async function* bsonItems(
  chunks: AsyncIterable<Buffer>,
  options: { terminators: boolean } = { terminators: false },
): AsyncGenerator<Array<Uint8Array | null>> {
  let buffer: Buffer = Buffer.alloc(0);
  let offset = 0;
  let consumed = 0;
  for await (const chunk of chunks) {
    buffer = offset < buffer.length ? Buffer.concat([buffer.subarray(offset), chunk]) : chunk;
    offset = 0;
    const out: Array<Uint8Array | null> = [];
    while (buffer.length - offset >= 4) {
      const length = buffer.readUInt32LE(offset);
      if (length === TERMINATOR && options.terminators) {
        out.push(null);
        offset += 4;
        consumed += 4;
        continue;
      }
      if (length < 5 || length > MAX_DOCUMENT) {
        throw new CorruptBsonError(`corrupt BSON at byte ${consumed}: a document cannot be ${length} bytes long`);
      }
      if (buffer.length - offset < length) break;
      const doc = buffer.subarray(offset, offset + length);
      if (doc[length - 1] !== 0) throw new CorruptBsonError(`corrupt BSON at byte ${consumed}: no terminating zero`);
      out.push(doc);
      offset += length;
      consumed += length;
    }
    if (out.length > 0) yield out;
  }
  if (buffer.length - offset > 0) {
    throw new CorruptBsonError(`truncated BSON: ${buffer.length - offset} bytes left over at byte ${consumed}`);
  }
}
