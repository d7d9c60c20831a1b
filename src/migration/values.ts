/**
 * A source document as the migration's pure parts see it: plain JavaScript values plus four small
 * classes for what JSON has no type for. The readers (`scripts/migrate/sources/`) turn `bson`'s
 * types into these, so the mapping never depends on the `bson` package and never loses precision:
 * Int32 and Double become `number`, Int64 becomes `bigint` (a relaxed export's integers above 2^53
 * too), Decimal128 keeps its decimal text, and dates are `Date` (an out-of-range one is an invalid
 * `Date`, which the mapping rejects).
 */
export type SourceValue =
  | null
  | undefined
  | boolean
  | number
  | bigint
  | string
  | Date
  | ObjectIdValue
  | DecimalValue
  | BinaryValue
  | OtherValue
  | SourceValue[]
  | SourceDocument;

export interface SourceDocument {
  [field: string]: SourceValue;
}

/** A MongoDB ObjectId: 4 bytes of seconds since the epoch, 5 random bytes, a 3-byte counter. */
export class ObjectIdValue {
  constructor(readonly hex: string) {}
  /** The creation second it carries. */
  get seconds(): number {
    return Number.parseInt(this.hex.slice(0, 8), 16);
  }
}

/** A Decimal128, as its exact decimal text. */
export class DecimalValue {
  constructor(readonly text: string) {}
}

/** BSON binary data; subtype 4 is a UUID. */
export class BinaryValue {
  constructor(
    readonly subtype: number,
    readonly bytes: Uint8Array,
  ) {}
  /** The canonical text of a UUID (subtype 3 or 4, 16 bytes), else `null`. */
  get uuid(): string | null {
    if ((this.subtype !== 4 && this.subtype !== 3) || this.bytes.length !== 16) return null;
    const hex = [...this.bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/** A BSON value the mapping has no use for (regular expression, code, timestamp, …), by its type name. */
export class OtherValue {
  constructor(readonly type: string) {}
}

export function isDocument(value: SourceValue): value is SourceDocument {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof ObjectIdValue) &&
    !(value instanceof DecimalValue) &&
    !(value instanceof BinaryValue) &&
    !(value instanceof OtherValue)
  );
}

/** A short, JSON-safe description of a value for reports (`ObjectId(…)`, `Long(…)`, the type name). */
export function describeValue(value: SourceValue): unknown {
  if (value instanceof ObjectIdValue) return { $oid: value.hex };
  if (value instanceof DecimalValue) return { $numberDecimal: value.text };
  if (value instanceof BinaryValue) return value.uuid ? { $uuid: value.uuid } : { $binary: `subtype ${value.subtype}` };
  if (value instanceof OtherValue) return { $type: value.type };
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? { $date: 'invalid' } : { $date: value.toISOString() };
  if (typeof value === 'bigint') return { $numberLong: value.toString() };
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 200)}…` : value;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (isDocument(value)) return 'document';
  return value;
}

/** The BSON-ish type name of a value, for "wrong type" reasons. */
export function typeName(value: SourceValue): string {
  if (value === null) return 'null';
  if (value === undefined) return 'missing';
  if (value instanceof ObjectIdValue) return 'objectId';
  if (value instanceof DecimalValue) return 'decimal';
  if (value instanceof BinaryValue) return 'binData';
  if (value instanceof OtherValue) return value.type;
  if (value instanceof Date) return 'date';
  if (typeof value === 'bigint') return 'long';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return typeof value;
}
