import {
  BinaryValue,
  DecimalValue,
  ObjectIdValue,
  OtherValue,
  type SourceDocument,
  type SourceValue,
} from '../../../src/migration/values.js';

interface BsonLike {
  _bsontype?: string;
  toHexString?: () => string;
  toString(): string;
  value?: number;
  sub_type?: number;
  buffer?: Uint8Array;
}

/**
 * `bson`'s values (from `EJSON.parse(text, { relaxed: false })` or `BSON.deserialize`) as the
 * migration's neutral values, explicitly and without passing through `Number` where precision could
 * be lost: Int64 → bigint, Decimal128 → its text, Int32/Double → number, ObjectId → its hex.
 * Documents become null-prototype objects, so a field named `__proto__` is just a field.
 */
export function toSourceValue(value: unknown): SourceValue {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'number':
    case 'bigint':
      return value;
    case 'object':
      break;
    default:
      return new OtherValue(typeof value);
  }
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map(toSourceValue);
  const bson = value as BsonLike;
  switch (bson._bsontype) {
    case undefined:
      return toSourceDocument(value as Record<string, unknown>);
    case 'ObjectId':
      return new ObjectIdValue((bson.toHexString as () => string).call(bson));
    case 'Int32':
    case 'Double':
      return bson.value as number;
    case 'Long':
      return BigInt(bson.toString());
    case 'Decimal128':
      return new DecimalValue(bson.toString());
    case 'Binary':
      // A copy: the view may point into the whole chunk the document was read from.
      return new BinaryValue(bson.sub_type ?? 0, Uint8Array.from(bson.buffer ?? new Uint8Array(0)));
    default:
      return new OtherValue(bson._bsontype);
  }
}

export function toSourceDocument(value: Record<string, unknown>): SourceDocument {
  const out: SourceDocument = Object.create(null);
  for (const key of Object.keys(value)) out[key] = toSourceValue(value[key]);
  return out;
}
