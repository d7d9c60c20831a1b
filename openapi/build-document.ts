import { type ConversionConfig, toJsonSchema, toJsonSchemaDefs } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { PROBLEM_TYPES, type ProblemSlug } from '../src/http/problem-types.js';
import type { OperationSpec } from '../src/routes/operation.js';
import { OPERATIONS } from '../src/routes/table.js';
import { apiDescription, HEADER_PARAMETERS, HEADERS } from './components.js';
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

/** The document's tags, in its order: one for every `OperationSpec['tag']` (the compiler checks that). */
const TAGS: Record<OperationSpec['tag'], string> = {
  meta: 'Health, this document and its reference page (no auth).',
  users: 'Profiles. A user id is the `sub` of their token.',
  conversations: 'Conversations and their participants.',
  messages: 'Messages of a conversation.',
  attachments: 'Media of a conversation: direct uploads, processed by the bucket trigger.',
  realtime: 'Real-time events over a WebSocket (docs/realtime.md).',
};

/** The OpenAPI 3.1 document of every operation in `OPERATIONS`, built from the same schemas the router validates with. */
export function buildOpenApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const operation of OPERATIONS) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = operationObject(operation);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Parley API', version, description: apiDescription() },
    servers: [
      { url: 'http://localhost:8787', description: 'npm run dev (wrangler dev; --port changes it)' },
      {
        url: '{origin}',
        description: 'A deployed stage: its Workers route, API Gateway URL or CloudFront distribution',
        variables: { origin: { default: 'https://parley.example.com', description: 'The stage origin, no path.' } },
      },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: toJsonSchemaDefs(NAMED_SCHEMAS, config),
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'A JWT whose `sub` is the caller; never in the query string.',
        },
      },
      responses: { ...BODILESS_RESPONSES, ...problemResponseComponents() },
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
      ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(operation.body()) } } } }
      : {}),
    responses: { ...successResponses(operation), ...problemResponses(problemsOf(operation)) },
  };
}

function objectParameters(lazy: OperationSpec['params'], location: 'path' | 'query'): Json[] {
  if (!lazy) return [];
  return Object.entries(lazy().entries).map(([name, entry]) => {
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
  if (operation.route.startsWith('GET ') && hasEtag(operation)) refs.push('IfNoneMatchGet');
  return [...refs, 'XRequestId'].map((name) => ({ $ref: `#/components/parameters/${name}` }));
}

function hasEtag(operation: OperationSpec): boolean {
  return operation.responses[200]?.headers?.includes('etag') ?? false;
}

function successResponses(operation: OperationSpec): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (operation.route.startsWith('GET ') && hasEtag(operation))
    out['304'] = { $ref: '#/components/responses/NotModified' };
  for (const [status, spec] of Object.entries(operation.responses)) {
    if (status === '204' && !spec.headers?.length && !operation.idempotent) {
      out[status] = { $ref: '#/components/responses/NoContent', description: spec.description };
      continue;
    }
    const headers: Json = { 'x-request-id': { $ref: '#/components/headers/XRequestId' } };
    for (const name of spec.headers ?? [])
      headers[name === 'etag' ? 'ETag' : 'Location'] = {
        $ref: `#/components/headers/${name === 'etag' ? 'ETag' : 'Location'}`,
      };
    if (operation.idempotent) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
    const mediaType = spec.mediaType ?? 'application/json';
    out[status] = {
      description: spec.description,
      headers,
      ...(status === '204' ? {} : { content: { [mediaType]: { schema: spec.schema ? schemaOf(spec.schema()) : {} } } }),
    };
  }
  return out;
}

/** The answers without a body that every operation writes alike: one `components.responses` entry each. */
const BODILESS_RESPONSES: Record<string, Json> = {
  NotModified: {
    description: 'Not modified: the If-None-Match ETag is current.',
    headers: {
      ETag: { $ref: '#/components/headers/ETag' },
      'x-request-id': { $ref: '#/components/headers/XRequestId' },
    },
  },
  NoContent: {
    description: 'Done; no body.',
    headers: { 'x-request-id': { $ref: '#/components/headers/XRequestId' } },
  },
};

/**
 * A problem answer's headers depend only on its status, so each header set is one reusable
 * `components.responses` entry; an operation refers to it and names its own problem types in the
 * reference's `description` (OpenAPI 3.1 lets a reference override the description).
 */
const PROBLEM_RESPONSES: Record<string, { description: string; headers: Record<string, string> }> = {
  Problem: { description: 'An RFC 9457 problem.', headers: {} },
  ProblemUnauthorized: {
    description: 'An RFC 9457 problem with a bearer challenge.',
    headers: { 'WWW-Authenticate': 'WWWAuthenticate' },
  },
  ProblemRetryAfter: {
    description: 'An RFC 9457 problem; retry after the given seconds.',
    headers: { 'Retry-After': 'RetryAfter' },
  },
};
const PROBLEM_RESPONSE_OF_STATUS: Record<number, string> = {
  401: 'ProblemUnauthorized',
  409: 'ProblemRetryAfter',
  503: 'ProblemRetryAfter',
};

function problemResponseComponents(): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [name, { description, headers }] of Object.entries(PROBLEM_RESPONSES)) {
    const refs: Json = { 'x-request-id': { $ref: '#/components/headers/XRequestId' } };
    for (const [header, ref] of Object.entries(headers)) refs[header] = { $ref: `#/components/headers/${ref}` };
    out[name] = {
      description,
      headers: refs,
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  return out;
}

function problemResponses(slugs: ProblemSlug[]): Record<string, Json> {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of slugs) {
    const status = PROBLEM_TYPES[slug].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug]);
  }
  const out: Record<string, Json> = {};
  for (const [status, group] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      $ref: `#/components/responses/${PROBLEM_RESPONSE_OF_STATUS[status] ?? 'Problem'}`,
      description: group.map((slug) => `\`${slug}\`: ${PROBLEM_TYPES[slug].title}`).join('; '),
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
