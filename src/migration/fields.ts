import { Rejection } from './rejection.js';
import { isDocument, ObjectIdValue, type SourceDocument, type SourceValue, typeName } from './values.js';

/** Field readers for mappings: each returns the value in Parley's terms or throws a `Rejection` naming the field. */

export function field(doc: SourceDocument, path: string): SourceValue {
  let value: SourceValue = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) value = value[Number(part)];
    else if (isDocument(value)) value = value[part];
    else return undefined;
  }
  return value;
}

export function missing(value: SourceValue): boolean {
  return value === undefined || value === null;
}

export function wrongType(path: string, expected: string, value: SourceValue): Rejection {
  return new Rejection(
    value === undefined ? 'missing-field' : 'wrong-type',
    path,
    value === undefined ? `${path} is missing` : `${path} must be ${expected}, not ${typeName(value)}`,
  );
}

export function requiredString(doc: SourceDocument, path: string): string {
  const value = field(doc, path);
  if (typeof value !== 'string') throw wrongType(path, 'a string', value);
  return value;
}

/** A string, or `null` when the field is absent or null. */
export function optionalString(doc: SourceDocument, path: string): string | null {
  const value = field(doc, path);
  if (missing(value)) return null;
  if (typeof value !== 'string') throw wrongType(path, 'a string', value);
  return value;
}

export function optionalBoolean(doc: SourceDocument, path: string): boolean | null {
  const value = field(doc, path);
  if (missing(value)) return null;
  if (typeof value !== 'boolean') throw wrongType(path, 'a boolean', value);
  return value;
}

/** A non-negative integer that fits a JavaScript number exactly (an Int64 above 2^53 does not). */
export function optionalCount(doc: SourceDocument, path: string): number | null {
  const value = field(doc, path);
  if (missing(value)) return null;
  const n = typeof value === 'bigint' ? value : typeof value === 'number' ? value : undefined;
  if (n === undefined) throw wrongType(path, 'an integer', value);
  if (typeof n === 'bigint' ? n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER) : !Number.isSafeInteger(n) || n < 0) {
    throw new Rejection('invalid-value', path, `${path} must be a whole number from 0 to 2^53−1, not ${String(n)}`);
  }
  return Number(n);
}

/** The years an ISO-8601 timestamp (so every Parley timestamp) can hold: 0000–9999. */
const FIRST = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const LAST = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

/**
 * A date as epoch milliseconds: a BSON date (before 1970 too), an ISO-8601 string, or a number /
 * Int64 of epoch milliseconds (apps that stored `Date.now()`). `null` when absent. Rejected outside
 * the years 0000–9999, which ISO-8601 timestamps cannot carry.
 */
export function optionalDate(doc: SourceDocument, path: string): number | null {
  const value = field(doc, path);
  if (missing(value)) return null;
  let ms: number;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'string') ms = Date.parse(value);
  else if (typeof value === 'number') ms = value;
  else if (typeof value === 'bigint') ms = value >= BigInt(FIRST) && value <= BigInt(LAST) ? Number(value) : Number.NaN;
  else throw wrongType(path, 'a date', value);
  if (!Number.isInteger(ms) || ms < FIRST || ms > LAST) {
    throw new Rejection('invalid-value', path, `${path} is not a date in the years 0000–9999`);
  }
  return ms;
}

/** `createdAt`, or — when the document has none — the creation second of an ObjectId `_id` (reported). */
export function creationTime(doc: SourceDocument, path: string, onFallback: (ms: number) => void): number {
  const ms = optionalDate(doc, path);
  if (ms !== null) return ms;
  const id = doc._id;
  if (id instanceof ObjectIdValue) {
    onFallback(id.seconds * 1000);
    return id.seconds * 1000;
  }
  throw new Rejection('missing-field', path, `${path} is missing and _id is not an ObjectId to take the time from`);
}

export const iso = (ms: number): string => new Date(ms).toISOString();

/** At most `max` code points (never a lone surrogate half). */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const char of text) {
    if (out.length + char.length > max) break;
    out += char;
  }
  return out;
}
