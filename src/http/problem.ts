import { PROBLEM_BASE, PROBLEM_TYPES, type ProblemSlug } from './problem-types.js';
import { type Reply, toResponse } from './reply.js';

/** One invalid part of a request, as listed in a problem's `errors`. */
export type FieldError = { pointer: string; detail: string } | { parameter: string; detail: string };

export interface ProblemOptions {
  errors?: FieldError[];
  /** `unknown-participants`: every listed id without a profile, in request order, each once. */
  unknownUserIds?: string[];
  /** Extra response headers, e.g. `retry-after` or `www-authenticate`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/**
 * A failure the client should see as an RFC 9457 problem. Thrown anywhere below a route; the app
 * turns it into `application/problem+json` with the type's status and title.
 */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly unknownUserIds: string[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly slug: ProblemSlug,
    readonly detail: string,
    options: ProblemOptions = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = PROBLEM_TYPES[slug].status;
    this.errors = options.errors;
    this.unknownUserIds = options.unknownUserIds;
    this.headers = options.headers ?? {};
  }
}

export function problemReply(problem: HttpProblem): Reply {
  const body = {
    type: PROBLEM_BASE + problem.slug,
    title: PROBLEM_TYPES[problem.slug].title,
    status: problem.status,
    detail: problem.detail,
    ...(problem.errors ? { errors: problem.errors } : {}),
    ...(problem.unknownUserIds ? { unknownUserIds: problem.unknownUserIds } : {}),
  };
  return {
    status: problem.status,
    headers: Object.assign({}, problem.headers, { 'content-type': 'application/problem+json' }),
    body: JSON.stringify(body),
  };
}

/** The `Response` for `problem`, carrying the request's id as every response does. */
export function problemResponse(problem: HttpProblem, requestId: string): Response {
  return toResponse(problemReply(problem), { 'x-request-id': requestId });
}
