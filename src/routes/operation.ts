import type * as v from 'valibot';
import type { ProblemSlug } from '../http/problem-types.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

type ParamsSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

export interface ResponseSpec {
  description: string;
  /** Body schema, built only when the OpenAPI document is generated; omitted for empty (204) responses. */
  schema?: () => v.GenericSchema;
  /** Default `application/json`. */
  mediaType?: string;
  /** Response headers the operation sets besides the ones every response carries. */
  headers?: ReadonlyArray<'etag' | 'location'>;
}

/**
 * One operation of the API, described once: the router validates requests with it (`bind`), and
 * `openapi/generate.ts` turns the same description into the OpenAPI document, so the two cannot
 * disagree.
 *
 * The operations under `operations/` give `params`, `query` and `body` as getters over schemas
 * built on first use (`schemas/once.ts`): loading a bundle builds none (issue 7, cold start), and a
 * request builds only its own route's, once.
 */
export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI-style path, e.g. `/v1/conversations/{conversationId}`. */
  path: string;
  tag: 'meta' | 'users' | 'conversations' | 'messages';
  summary: string;
  description?: string;
  /** Needs a bearer token (every `/v1` route). */
  auth: boolean;
  /** Path parameters; a value that fails them is a 404 (such an id cannot exist), never a 400. */
  params?: ParamsSchema;
  /** Query parameters; unknown ones are ignored, a repeated one is a 400. */
  query?: ParamsSchema;
  /** JSON request body. */
  body?: v.GenericSchema;
  /** `required`: If-Match (428 without it). `optional`: If-Match and/or If-None-Match. */
  preconditions?: 'required' | 'optional';
  /** Accepts `Idempotency-Key` (every POST). */
  idempotent?: boolean;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Problems specific to this operation; the ones implied by auth, body, preconditions and idempotency are added. */
  problems: readonly ProblemSlug[];
}

export const defineOperation = <const O extends OperationSpec>(operation: O): O => operation;

type OutputOf<S> = S extends v.GenericSchema ? v.InferOutput<S> : undefined;
export type ParamsOf<O extends OperationSpec> = OutputOf<O['params']>;
export type QueryOf<O extends OperationSpec> = OutputOf<O['query']>;
export type BodyOf<O extends OperationSpec> = OutputOf<O['body']>;
