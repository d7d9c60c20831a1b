import { ulidFromParts } from '../domain/ulid.js';
import { isUserId } from '../domain/rules.js';
import { Rejection } from './rejection.js';
import { BinaryValue, ObjectIdValue, type SourceValue, typeName } from './values.js';

/**
 * Parley ids from MongoDB ids, deterministically: the same input always gives the same keys, so a
 * second run writes nothing new and a resumed run the same keys as an uninterrupted one.
 *
 * - User ids are the text of `_id` (an ObjectId's 24 hex digits), because they are the `sub` of the
 *   users' tokens: the identity provider issues that same text (docs/migration.md).
 * - Conversation and message ids are ULIDs, so id order is time order as Parley expects. From an
 *   ObjectId: the time is its creation second × 1000 — refined to the document's `createdAt`
 *   millisecond when `createdAt` falls within that second, so messages posted in one second keep their
 *   millisecond order — and the 80-bit random part is 16 zero bits followed by the ObjectId's last 8
 *   bytes (process-random + counter). Different ObjectIds give different ULIDs (the second and the
 *   last 8 bytes are the whole ObjectId, and the millisecond stays within its second), and ULID order
 *   follows ObjectId order to the second (ObjectIds order nothing finer across processes).
 * - Other `_id` types (strings, UUIDs, numbers): time = `createdAt`, random part = the first 80 bits of
 *   a digest of the id with the top bit set, so they can never equal an ObjectId-derived id.
 */

/** A sync digest (SHA-256 in the CLI) of an id's canonical text; ≥ 10 bytes. */
export type Digest = (text: string) => Uint8Array;

/** The canonical text of an id value, tagged by type, for matching references; `null` for types ids cannot have. */
export function idKey(value: SourceValue): string | null {
  if (value instanceof ObjectIdValue) return `oid:${value.hex}`;
  if (typeof value === 'string') return value === '' ? null : `str:${value}`;
  if (value instanceof BinaryValue) return value.uuid ? `uuid:${value.uuid}` : null;
  if (typeof value === 'bigint') return `int:${value}`;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? `int:${value}` : null;
  return null;
}

/** A Parley user id from a user `_id` or a reference to one; rejects what cannot be a token's `sub`. */
export function userIdFrom(value: SourceValue, field: string): string {
  const key = idKey(value);
  if (key === null) {
    throw new Rejection(
      value === undefined ? 'missing-field' : 'invalid-id',
      field,
      `${field}: ${typeName(value)} cannot be a user id`,
    );
  }
  const id = key.slice(key.indexOf(':') + 1);
  if (!isUserId(id))
    throw new Rejection('invalid-id', field, `${field}: not a valid user id (1–255 characters, no control characters)`);
  return id;
}

/** The ULID of an ObjectId (see above); `createdAtMs` refines the millisecond when it lies in the ObjectId's second. */
export function ulidFromObjectId(oid: ObjectIdValue, createdAtMs?: number): string {
  const secondStart = oid.seconds * 1000;
  const time =
    createdAtMs !== undefined && createdAtMs >= secondStart && createdAtMs < secondStart + 1000
      ? Math.trunc(createdAtMs)
      : secondStart;
  const random = new Uint8Array(10);
  for (let i = 0; i < 8; i++) random[2 + i] = Number.parseInt(oid.hex.slice(8 + 2 * i, 10 + 2 * i), 16);
  return ulidFromParts(time, random);
}

/** The ULID of a document whose `_id` is not an ObjectId: `createdAtMs` and a digest of `key`. */
export function ulidFromKey(key: string, createdAtMs: number, digest: Digest): string {
  if (!(createdAtMs >= 0 && createdAtMs < 2 ** 48)) {
    throw new Rejection(
      'invalid-id',
      '_id',
      '_id is not an ObjectId and createdAt is before 1970 (or past 10889), so no time-ordered ULID can be derived',
    );
  }
  const random = digest(key).slice(0, 10);
  random[0] = (random[0] ?? 0) | 0x80;
  return ulidFromParts(Math.trunc(createdAtMs), random);
}

/** The ULID of a conversation or message `_id`. */
export function ulidFor(id: SourceValue, createdAtMs: number, digest: Digest): string {
  if (id instanceof ObjectIdValue) return ulidFromObjectId(id, createdAtMs);
  const key = idKey(id);
  if (key === null) {
    throw new Rejection(
      id === undefined ? 'missing-field' : 'invalid-id',
      '_id',
      `_id: ${typeName(id)} cannot be an id`,
    );
  }
  return ulidFromKey(key, createdAtMs, digest);
}
