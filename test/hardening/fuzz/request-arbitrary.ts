import fc from 'fast-check';
import type { Operation } from './openapi.js';
import { valid, wrongType } from './schema-arbitrary.js';

/** One generated request, before it is turned into a `Request` against a target. */
export interface FuzzCase {
  method: string;
  path: string;
  query: Array<[string, string]>;
  headers: Array<[string, string]>;
  body: Uint8Array | undefined;
}

/** What exists on the target, so some generated requests reach the store and succeed. */
export interface FuzzWorld {
  tokens: { owner: string; peer: string; stranger: string };
  userIds: string[];
  handles: string[];
  conversationId: string;
  messageId: string;
}

const utf8 = new TextEncoder();
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });
const ulid = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const garbage = fc.oneof(
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constantFrom(
    '..',
    '.',
    '%',
    '%00',
    '\u0000',
    'null',
    'undefined',
    '0',
    '-1',
    ' ',
    '{}',
    '[]',
    "' OR 1=1 --",
    '<script>',
  ),
  fc.constant('A'.repeat(5000)),
);
const asciiHeader = fc.stringMatching(/^[\x20-\x7e]{0,60}$/).map((v) => v.trim());

function pathValue(name: string, world: FuzzWorld): fc.Arbitrary<string> {
  const known =
    name === 'userId'
      ? fc.constantFrom(...world.userIds)
      : fc.constant(name === 'messageId' ? world.messageId : world.conversationId);
  return fc.oneof(
    w(6, known),
    w(2, ulid),
    w(
      1,
      ulid.map((id) => id.toLowerCase()),
    ),
    w(2, garbage),
  );
}

function queryValue(name: string, op: Operation, world: FuzzWorld): fc.Arbitrary<string> {
  const parameter = op.parameters.find((p) => p.name === name);
  const wellFormed =
    name === 'handle'
      ? fc.oneof(fc.constantFrom(...world.handles), valid(parameter?.schema ?? {}))
      : valid(parameter?.schema ?? {});
  const edge = fc.constantFrom(
    '',
    '0',
    '-1',
    '101',
    '1e2',
    '2.5',
    '0x10',
    'NaN',
    ' 5',
    'Infinity',
    'eyJub3QiOiJhIGN1cnNvciJ9',
    'A'.repeat(3000),
  );
  return fc.oneof(
    w(5, wellFormed.map(String)),
    w(2, edge),
    w(2, garbage),
    w(1, world.messageId ? fc.constant(world.messageId) : edge),
  );
}

function queryArbitrary(op: Operation, world: FuzzWorld): fc.Arbitrary<Array<[string, string]>> {
  const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const present = names.map((name) =>
    fc.oneof(
      w(
        3,
        queryValue(name, op, world).map((value) => [[name, value]] as Array<[string, string]>),
      ),
      w(1, fc.constant([] as Array<[string, string]>)),
      // the same parameter twice
      w(
        1,
        fc.tuple(queryValue(name, op, world), queryValue(name, op, world)).map(
          ([a, b]) =>
            [
              [name, a],
              [name, b],
            ] as Array<[string, string]>,
        ),
      ),
    ),
  );
  const extra = fc.oneof(
    w(6, fc.constant([] as Array<[string, string]>)),
    w(
      1,
      fc.tuple(fc.string({ maxLength: 8 }), garbage).map(([k, v]) => [[k || 'x', v]] as Array<[string, string]>),
    ),
    w(1, fc.constant([['access_token', world.tokens.owner]] as Array<[string, string]>)),
  );
  return fc.tuple(fc.tuple(...present), extra).map(([lists, more]) => [...lists.flat(), ...more]);
}

function headerArbitrary(op: Operation, world: FuzzWorld): fc.Arbitrary<Array<[string, string]>> {
  const { owner, peer, stranger } = world.tokens;
  const one = (name: string, value: fc.Arbitrary<string | undefined>) =>
    value.map((v) => (v === undefined ? [] : [[name, v]]) as Array<[string, string]>);
  const twice = (name: string, a: string, b: string) =>
    fc.constant([
      [name, a],
      [name, b],
    ] as Array<[string, string]>);
  const parts: Array<fc.Arbitrary<Array<[string, string]>>> = [
    fc.oneof(
      w(12, one('authorization', fc.constant(`Bearer ${owner}`))),
      w(3, one('authorization', fc.constant(`Bearer ${peer}`))),
      w(1, one('authorization', fc.constant(`Bearer ${stranger}`))),
      w(
        1,
        one(
          'authorization',
          fc.constantFrom(
            undefined,
            'Bearer',
            'Basic Zm9vOmJhcg==',
            'Bearer a.b.c',
            `bearer  ${owner}`,
            `Bearer ${owner}x`,
          ),
        ),
      ),
      w(1, twice('authorization', `Bearer ${owner}`, `Bearer ${peer}`)),
    ),
    fc.oneof(
      w(4, fc.constant([] as Array<[string, string]>)),
      w(1, one('x-request-id', fc.oneof(asciiHeader, fc.constant('r'.repeat(300))))),
    ),
    fc.oneof(w(6, fc.constant([] as Array<[string, string]>)), w(1, one('x-fuzz', asciiHeader))),
  ];
  if (op.bodySchema) {
    parts.push(
      fc.oneof(
        w(14, one('content-type', fc.constant('application/json'))),
        w(
          1,
          one(
            'content-type',
            fc.constantFrom(
              undefined,
              'application/json; charset=utf-8',
              'application/merge-patch+json',
              'text/plain',
              'application/json; charset=iso-8859-1',
              'multipart/form-data; boundary=x',
              'a/b/c',
              'application/x-www-form-urlencoded',
            ),
          ),
        ),
        w(1, twice('content-type', 'application/json', 'text/plain')),
      ),
    );
  }
  const names = new Set(op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
  if (names.has('if-match')) {
    parts.push(
      fc.oneof(
        w(4, one('if-match', fc.constant('*'))),
        w(2, one('if-match', fc.constantFrom('"1"', '"2"', '"3"'))),
        w(
          2,
          one('if-match', fc.constantFrom(undefined, 'W/"1"', '1', '""', '"1", "2"', 'garbage', `"${'9'.repeat(40)}"`)),
        ),
        w(1, twice('if-match', '"1"', '*')),
      ),
    );
  }
  if (names.has('if-none-match'))
    parts.push(one('if-none-match', fc.constantFrom(undefined, undefined, '*', '"1"', 'junk')));
  if (names.has('idempotency-key')) {
    parts.push(
      fc.oneof(
        w(3, fc.constant([] as Array<[string, string]>)),
        w(3, one('idempotency-key', fc.stringMatching(/^[\x21-\x7e]{1,40}$/))),
        w(2, one('idempotency-key', fc.constantFrom('fuzz-key-1', 'fuzz-key-2'))),
        w(1, one('idempotency-key', fc.constantFrom('has space', '', 'k'.repeat(300), 'caf\u00e9'))),
        w(1, twice('idempotency-key', 'fuzz-key-1', 'fuzz-key-3')),
      ),
    );
  }
  return fc.tuple(...parts).map((lists) => lists.flat());
}

function bodyArbitrary(op: Operation): fc.Arbitrary<Uint8Array | undefined> {
  const schema = op.bodySchema;
  if (!schema) {
    // A body where none is expected (only where Fetch allows one).
    return op.method === 'GET'
      ? fc.constant(undefined)
      : fc.oneof(w(8, fc.constant(undefined)), w(1, fc.constant(utf8.encode('{"unexpected":true}'))));
  }
  const json = (value: unknown) => utf8.encode(JSON.stringify(value));
  const object = valid(schema) as fc.Arbitrary<Record<string, unknown>>;
  const resolvedProperties = () => Object.keys((schema as any).properties ?? {});
  return fc.oneof(
    w(8, object.map(json)),
    // one property of the wrong type
    w(
      2,
      fc.tuple(object, fc.jsonValue({ maxDepth: 1 }), wrongType({ type: 'string' })).map(([value, , bad]) => {
        const key = Object.keys(value)[0];
        return json(key ? { ...value, [key]: bad } : { body: bad, title: bad, handle: bad });
      }),
    ),
    // a required property missing, an unknown one added
    w(
      1,
      object.map((value) => json(Object.fromEntries(Object.entries(value).slice(1)))),
    ),
    w(
      2,
      fc
        .tuple(object, fc.string({ minLength: 1, maxLength: 12 }))
        .map(([value, key]) => json({ ...value, [resolvedProperties().includes(key) ? `${key}_x` : key]: 1 })),
    ),
    w(
      1,
      fc
        .jsonValue({ maxDepth: 2 })
        .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
        .map(json),
    ),
    w(
      1,
      fc
        .constantFrom(
          '{',
          '{"body": "x",}',
          "{'body': 'x'}",
          '{"body": "x"} trailing',
          'nul',
          '\u0000',
          '{"a":1e999999}',
          '{"__proto__":{"admin":true},"body":"x"}',
        )
        .map((t) => utf8.encode(t)),
    ),
    // bad UTF-8 inside a string, an empty body, deep nesting, a field far over the 64 KiB body limit
    w(1, fc.constant(Uint8Array.from([...utf8.encode('{"body":"'), 0xc3, 0x28, 0xff, ...utf8.encode('"}')]))),
    w(1, fc.constant(new Uint8Array(0))),
    w(
      1,
      fc.integer({ min: 100, max: 20_000 }).map((depth) => utf8.encode('['.repeat(depth) + ']'.repeat(depth))),
    ),
    w(
      1,
      fc
        .constantFrom(4001, 70_000)
        .map((n) => json({ body: 'x'.repeat(n), displayName: 'x'.repeat(n), title: 'x'.repeat(n) })),
    ),
  );
}

/** Requests for one operation: mostly well-formed with one or two things wrong, some entirely valid. */
export function requestsFor(op: Operation, world: FuzzWorld): fc.Arbitrary<FuzzCase> {
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const encodings = fc.constantFrom<'encoded' | 'raw'>('encoded', 'encoded', 'encoded', 'raw');
  const path = fc.tuple(fc.tuple(...pathNames.map((name) => pathValue(name, world))), encodings).map(([values, how]) =>
    pathNames.reduce((p, name, i) => {
      const value = values[i] as string;
      // "raw" keeps characters a URL allows as they are (URL parsing normalises dots and escapes the rest).
      return p.replace(`{${name}}`, how === 'raw' && /^[\w.~-]*$/.test(value) ? value : encodeURIComponent(value));
    }, op.path),
  );
  return fc.record({
    method: fc.constant(op.method),
    path,
    query: queryArbitrary(op, world),
    headers: headerArbitrary(op, world),
    body: bodyArbitrary(op),
  });
}

/** The `Request` a client would send for a case. */
export function toRequest(base: string, c: FuzzCase): Request {
  const url = new URL(c.path, base);
  const query = c.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const headers = new Headers();
  for (const [name, value] of c.headers) headers.append(name, value);
  const body =
    c.body && c.method !== 'GET' && c.method !== 'HEAD' ? new Blob([c.body as Uint8Array<ArrayBuffer>]) : undefined;
  return new Request(`${url.origin}${url.pathname}${query ? `?${query}` : ''}`, { method: c.method, headers, body });
}
