import { type ConversionConfig, toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { PROBLEM_BASE, PROBLEM_TYPES, type ProblemSlug } from '../src/http/problem-types.js';
import type { OperationSpec } from '../src/routes/operation.js';
import { OPERATIONS } from '../src/routes/operations/all.js';
import { LIMITS } from '../src/schemas/common.js';
import { NAMED_SCHEMAS } from './definitions.js';
import { problemsOf } from './problems.js';

type Json = Record<string, unknown>;

const config: ConversionConfig = {
  target: 'draft-2020-12',
  definitions: NAMED_SCHEMAS,
  // Request schemas end in transforms (handles are lower-cased): document what clients send.
  typeMode: 'input',
  // `check` actions (no duplicates, "give at least one field") are described with metadata instead.
  ignoreActions: ['check'],
  overrideRef: ({ referenceId }) => `#/components/schemas/${referenceId}`,
};

/** The OpenAPI 3.1 document of every operation in `OPERATIONS`, built from the same schemas the router validates with. */
export function buildOpenApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const operation of OPERATIONS) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = operationObject(operation);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Parley API', version, description: description() },
    tags: [
      { name: 'meta', description: 'Health, this document and its reference page (no auth).' },
      { name: 'users', description: 'Profiles. A user id is the `sub` of their token.' },
      { name: 'conversations', description: 'Conversations and their participants.' },
      { name: 'messages', description: 'Messages of a conversation.' },
    ],
    paths,
    components: {
      schemas: toJsonSchemaDefs(NAMED_SCHEMAS, config),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT whose `sub` is the caller; never in the query string.' },
      },
      parameters: HEADER_PARAMETERS,
      headers: HEADERS,
    },
  };
}

function operationObject(operation: OperationSpec): Json {
  const parameters = [
    ...objectParameters(operation.params, 'path'),
    ...objectParameters(operation.query, 'query'),
    ...headerParameters(operation),
  ];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    security: operation.auth ? [{ bearer: [] }] : [],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(operation.body) } } } }
      : {}),
    responses: { ...successResponses(operation), ...problemResponses(problemsOf(operation)) },
  };
}

function objectParameters(schema: OperationSpec['params'], location: 'path' | 'query'): Json[] {
  if (!schema) return [];
  return Object.entries(schema.entries).map(([name, entry]) => {
    const optional = entry.type === 'optional';
    // Query values arrive as strings; document the value they are parsed into (e.g. `limit` as an integer).
    const converted = schemaOf(entry, location === 'query' ? 'output' : 'input');
    return { name, in: location, required: !optional, schema: converted };
  });
}

function headerParameters(operation: OperationSpec): Json[] {
  const refs: string[] = [];
  if (operation.preconditions === 'required') refs.push('IfMatchRequired');
  if (operation.preconditions === 'optional') refs.push('IfMatch', 'IfNoneMatch');
  if (operation.idempotent) refs.push('IdempotencyKey');
  return [...refs, 'XRequestId'].map((name) => ({ $ref: `#/components/parameters/${name}` }));
}

function successResponses(operation: OperationSpec): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [status, spec] of Object.entries(operation.responses)) {
    const headers: Json = { 'x-request-id': { $ref: '#/components/headers/XRequestId' } };
    for (const name of spec.headers ?? []) headers[name === 'etag' ? 'ETag' : 'Location'] = { $ref: `#/components/headers/${name === 'etag' ? 'ETag' : 'Location'}` };
    if (operation.idempotent) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
    const mediaType = spec.mediaType ?? 'application/json';
    out[status] = {
      description: spec.description,
      headers,
      ...(status === '204' ? {} : { content: { [mediaType]: { schema: spec.schema ? schemaOf(spec.schema) : {} } } }),
    };
  }
  return out;
}

const STATUS_HEADERS: Record<number, Record<string, string>> = {
  401: { 'WWW-Authenticate': 'WWWAuthenticate' },
  409: { 'Retry-After': 'RetryAfter' },
  503: { 'Retry-After': 'RetryAfter' },
};

function problemResponses(slugs: ProblemSlug[]): Record<string, Json> {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of slugs) {
    const status = PROBLEM_TYPES[slug].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug]);
  }
  const out: Record<string, Json> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    const headers: Json = { 'x-request-id': { $ref: '#/components/headers/XRequestId' } };
    for (const [name, ref] of Object.entries(STATUS_HEADERS[status] ?? {})) headers[name] = { $ref: `#/components/headers/${ref}` };
    out[String(status)] = {
      description: group.map((slug) => `\`${slug}\`: ${PROBLEM_TYPES[slug].title}`).join('; '),
      headers,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return out;
}

function schemaOf(schema: v.GenericSchema, typeMode: 'input' | 'output' = 'input'): Json {
  // In output mode the named definitions are converted too; their trailing transforms are moot there.
  const ignoreActions = typeMode === 'output' ? ['check', 'transform'] : config.ignoreActions;
  const { $schema: _, $defs: __, ...rest } = toJsonSchema(schema, { ...config, typeMode, ignoreActions }) as Json;
  return rest;
}

const HEADER_PARAMETERS = {
  IfMatchRequired: {
    name: 'If-Match', in: 'header', required: true,
    description: 'The ETag last read, or `*`. Missing: 428; stale: 412.',
    schema: { type: 'string', examples: ['"3"'] },
  },
  IfMatch: {
    name: 'If-Match', in: 'header', required: false,
    description: 'Only replace if the current ETag matches (412 otherwise).',
    schema: { type: 'string' },
  },
  IfNoneMatch: {
    name: 'If-None-Match', in: 'header', required: false,
    description: '`*`: only create (412 if it exists).',
    schema: { type: 'string', examples: ['*'] },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key', in: 'header', required: false,
    description:
      'Makes the POST safe to retry: the first outcome is kept 24 h and replayed (with `Idempotent-Replayed: true`) for the same key and body; another body is 422; a retry while the first is running is 409. Keys are per caller and operation.',
    schema: { type: 'string', minLength: 1, maxLength: LIMITS.idempotencyKey, pattern: '^[\\x21-\\x7e]+$' },
  },
  XRequestId: {
    name: 'x-request-id', in: 'header', required: false,
    description: 'Echoed back when it matches `^[\\w.:=-]{1,128}$`; otherwise a new id is made.',
    schema: { type: 'string' },
  },
};

const HEADERS = {
  XRequestId: { description: 'The request id (also in the logs).', schema: { type: 'string' } },
  ETag: { description: 'Strong ETag: the version, quoted. Send it back in If-Match.', schema: { type: 'string' } },
  Location: { description: 'Path of the created resource.', schema: { type: 'string' } },
  IdempotentReplayed: { description: '`true` when this is the stored outcome of an earlier request with the same Idempotency-Key.', schema: { type: 'string', enum: ['true'] } },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
  WWWAuthenticate: { description: 'RFC 6750 bearer challenge.', schema: { type: 'string' } },
};

function description(): string {
  const rows = Object.entries(PROBLEM_TYPES).map(([slug, { status, title }]) => `| \`${PROBLEM_BASE}${slug}\` | ${status} | ${title} |`);
  return [
    'Parley, a conversations API: users, conversations, messages and attachments. JSON in and out; every `/v1` route needs `Authorization: Bearer <JWT>`; every response carries `x-request-id`.',
    '',
    `Limits: handle \`^[a-z0-9_]{3,30}\` (any case accepted, stored lower-case, unique), displayName 1–${LIMITS.displayName} characters, title ≤ ${LIMITS.title}, message body 1–${LIMITS.messageBody}, ≤ ${LIMITS.attachments} attachments, ≤ ${LIMITS.participants} participants, page size 1–${LIMITS.pageSize} (default ${LIMITS.defaultPageSize}), request body ≤ ${LIMITS.bodyBytes} bytes.`,
    '',
    'Errors are RFC 9457 `application/problem+json`. Problem types:',
    '',
    '| type | status | title |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}
