import type { AttributeMap, AttributeValue } from './protocol.js';

/**
 * JSON ↔ DynamoDB attribute values, for the plain records Parley stores (strings, finite numbers,
 * booleans, null, arrays, objects). Written by hand because it is this small and keeps `src/` free of
 * `@aws-sdk/util-dynamodb`. `undefined` object fields are dropped, as `JSON.stringify` would.
 */
export function toAttribute(value: unknown): AttributeValue {
  if (value === null) return { NULL: true };
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot store the number ${value}`);
      return { N: String(value) };
    case 'boolean':
      return { BOOL: value };
    case 'object':
      if (Array.isArray(value)) return { L: value.map(toAttribute) };
      return { M: toAttributeMap(value as Record<string, unknown>) };
    default:
      throw new TypeError(`cannot store a ${typeof value}`);
  }
}

export function toAttributeMap(record: object): AttributeMap {
  const out: AttributeMap = {};
  for (const [key, value] of Object.entries(record)) {
    if (value !== undefined) out[key] = toAttribute(value);
  }
  return out;
}

export function fromAttribute(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('L' in value) return value.L.map(fromAttribute);
  if ('M' in value) return fromAttributeMap(value.M);
  throw new TypeError(`unsupported attribute value ${JSON.stringify(value)}`);
}

export function fromAttributeMap(map: AttributeMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) out[key] = fromAttribute(value);
  return out;
}
