import fc from 'fast-check';
import { resolve, type JsonSchema } from './openapi.js';

/**
 * Values that satisfy a JSON Schema (the subset the OpenAPI document uses: `$ref`, `anyOf`,
 * `enum`, string/integer/array/object with their bounds and patterns). Collections stay small;
 * the limits campaign covers the big ones.
 */
export function valid(schema: JsonSchema): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.anyOf) return fc.oneof(...(s.anyOf as JsonSchema[]).map(valid));
  if (s.enum) return fc.constantFrom(...(s.enum as unknown[]));
  switch (s.type) {
    case 'string':
      return validString(s);
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1e6, max: Math.min(s.maximum ?? 1e6, 2 ** 31) });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const constraints = {
        minLength: s.minItems ?? 0,
        maxLength: Math.min(s.maxItems ?? 4, Math.max(4, s.minItems ?? 0)),
      };
      return s.uniqueItems
        ? fc.uniqueArray(valid(s.items ?? {}), { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(valid(s.items ?? {}), constraints);
    }
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
      const record = fc.record(Object.fromEntries(Object.entries(properties).map(([name, p]) => [name, valid(p)])), {
        requiredKeys: s.required ?? [],
      });
      const min = s.minProperties ?? 0;
      return min > 0 ? record.filter((value) => Object.keys(value).length >= min) : record;
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(s: JsonSchema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 64;
  if (s.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  if (s.pattern) {
    const fits = (v: string) => v.length >= min && v.length <= max;
    const base =
      s.pattern === '^https://' ? fc.webUrl({ validSchemes: ['https'] }) : fc.stringMatching(new RegExp(s.pattern));
    return base.filter(fits);
  }
  // Mostly short strings, sometimes exactly at the bound.
  return fc.oneof(
    { weight: 8, arbitrary: fc.string({ minLength: min, maxLength: Math.min(max, 40), unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(max)) },
  );
}

/** A JSON value of some other type than `schema` asks for (for "wrong type" cases). */
export function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = resolve(schema).type;
  const all: Array<[string, fc.Arbitrary<unknown>]> = [
    ['string', fc.string({ maxLength: 10 })],
    ['integer', fc.integer()],
    ['number', fc.double({ noNaN: true, noDefaultInfinity: true, min: 0.5, max: 1e9 })],
    ['boolean', fc.boolean()],
    ['null', fc.constant(null)],
    ['array', fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })],
    ['object', fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })],
  ];
  const others = all.filter(([name]) => name !== type && !(type === 'number' && name === 'integer'));
  return fc.oneof(...others.map(([, arbitrary]) => arbitrary));
}
