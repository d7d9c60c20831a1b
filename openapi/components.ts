import { PROBLEM_BASE, PROBLEM_TYPES } from '../src/http/problem-types.js';
import { LIMITS } from '../src/domain/rules.js';

/** The reusable header parameters, response headers and the API description of the document. */
export const HEADER_PARAMETERS = {
  IfMatchRequired: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description:
      'The ETag last read, or `*`. Checked against the stored version (the part of the ETag before the dot), so `"3"` works too. Missing: 428; stale: 412; weak tags (`W/"…"`) never match: 412.',
    schema: { type: 'string', examples: ['"3.1k2x9ab"'] },
  },
  IfMatch: {
    name: 'If-Match',
    in: 'header',
    required: false,
    description: 'Only replace if the current ETag matches (412 otherwise).',
    schema: { type: 'string' },
  },
  IfNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: '`*`: only create (412 if it exists).',
    schema: { type: 'string', examples: ['*'] },
  },
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes the POST safe to retry: the first outcome is kept 24 h and replayed (with `Idempotent-Replayed: true`) for the same key and body; another body is 422; a retry while the first is running is 409. Keys are per caller and operation.',
    schema: { type: 'string', minLength: 1, maxLength: LIMITS.idempotencyKey, pattern: '^[\\x21-\\x7e]+$' },
  },
  IfNoneMatchGet: {
    name: 'If-None-Match',
    in: 'header',
    required: false,
    description: 'ETags the client already has (weak comparison): 304 without a body when one is current.',
    schema: { type: 'string' },
  },
  XRequestId: {
    name: 'x-request-id',
    in: 'header',
    required: false,
    description: 'Echoed back when it matches `^[\\w.:=-]{1,128}$`; otherwise a new id is made.',
    schema: { type: 'string' },
  },
};

export const HEADERS = {
  XRequestId: { description: 'The request id (also in the logs).', schema: { type: 'string' } },
  ETag: {
    description:
      'Strong ETag `"<version>.<digest>"`: the stored version and a digest of this representation, so it changes whenever the body does. Send it back in If-Match (writes) or If-None-Match (GETs: 304).',
    schema: { type: 'string' },
  },
  Location: { description: 'Path of the created resource.', schema: { type: 'string' } },
  IdempotentReplayed: {
    description: '`true` when this is the stored outcome of an earlier request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
  },
  RetryAfter: { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } },
  WWWAuthenticate: { description: 'RFC 6750 bearer challenge.', schema: { type: 'string' } },
};

export function apiDescription(): string {
  const rows = Object.entries(PROBLEM_TYPES).map(
    ([slug, { status, title }]) => `| \`${PROBLEM_BASE}${slug}\` | ${status} | ${title} |`,
  );
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
