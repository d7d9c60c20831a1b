/**
 * Every problem type Parley answers with (RFC 9457 `type` = `https://parley.dev/problems/<slug>`).
 * The OpenAPI document lists this table, so a client can switch on `type` rather than on `title`.
 */
export const PROBLEM_TYPES = {
  'validation-failed': { status: 400, title: 'Request validation failed' },
  'malformed-json': { status: 400, title: 'Malformed JSON body' },
  'invalid-header': { status: 400, title: 'Invalid request header' },
  'invalid-cursor': { status: 400, title: 'Invalid pagination cursor' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Not allowed' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'handle-taken': { status: 409, title: 'Handle taken' },
  'message-deleted': { status: 409, title: 'Message deleted' },
  'participant-limit': { status: 409, title: 'Too many participants' },
  'concurrent-update': { status: 409, title: 'Concurrent update' },
  'idempotency-in-progress': { status: 409, title: 'Request still in progress' },
  'attachment-not-ready': { status: 409, title: 'Attachment not ready' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency key reused' },
  // `PUT …/read` naming a message that is not in the conversation (the conversation itself exists).
  'unknown-message': { status: 422, title: 'Unknown message' },
  // Carries `unknownUserIds`: the listed ids that have no profile (src/routes/known-users.ts).
  'unknown-participants': { status: 422, title: 'Participants do not exist' },
  'precondition-required': { status: 428, title: 'Precondition required' },
  // A real-time handshake past the per-user connection cap (docs/realtime.md).
  'too-many-connections': { status: 429, title: 'Too many real-time connections' },
  'header-fields-too-large': { status: 431, title: 'Request header fields too large' },
  'internal-error': { status: 500, title: 'Internal error' },
  // Only Lambda@Edge answers it (CloudFront's cap on a generated response: 1 MB on origin-request,
  // 40 KB on viewer-request); listed here so the one OpenAPI document every target serves names
  // every type a client can meet.
  'response-too-large': { status: 502, title: 'Response too large for the edge' },
  'service-unavailable': { status: 503, title: 'Service unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export const PROBLEM_BASE = 'https://parley.dev/problems/';
