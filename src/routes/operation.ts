import type * as v from 'valibot';
import type { ProblemSlug } from '../http/problem-types.js';
import type { RouteHandler } from './bind.js';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

type ParamsSchema = v.ObjectSchema<v.ObjectEntries, v.ErrorMessage<v.ObjectIssue> | undefined>;

/** A schema built on first use (`schemas/once.ts`): loading a bundle builds none, a request only its route's. */
type Lazy<S> = () => S;

export interface ResponseSpec {
  description: string;
  /** Body schema; omitted for empty (204) responses. */
  schema?: Lazy<v.GenericSchema>;
  /** Default `application/json`. */
  mediaType?: string;
  /** Response headers the operation sets besides the ones every response carries. */
  headers?: ReadonlyArray<'etag' | 'location'>;
}

/**
 * One operation of the API, described once: `bind` validates requests with it and runs its
 * handler, and `openapi/generate.ts` turns the same description into the OpenAPI document, so the
 * router and the document cannot disagree.
 */
export interface OperationSpec {
  operationId: string;
  /** Method and OpenAPI-style path, e.g. `GET /v1/conversations/{conversationId}`. */
  route: `${HttpMethod} /${string}`;
  summary: string;
  description?: string;
  /** Needs a bearer token: every `/v1` route does, and only those (derived from `path`). */
  readonly auth?: boolean;
  /** Path parameters; a value that fails them is a 404 (such an id cannot exist), never a 400. */
  params?: Lazy<ParamsSchema>;
  /** Query parameters; unknown ones are ignored, a repeated one is a 400. */
  query?: Lazy<ParamsSchema>;
  /** JSON request body. */
  body?: Lazy<v.GenericSchema>;
  /** `required`: If-Match (428 without it). `optional`: If-Match and/or If-None-Match. */
  preconditions?: 'required' | 'optional';
  /** Accepts `Idempotency-Key` (every POST). */
  idempotent?: boolean;
  /**
   * The 404 detail for the resource this operation addresses: answered for path parameters that
   * cannot name one, and for the repository's `NotFoundError`. Required with `params` (the two
   * together from `./addressed.ts`); implies the `not-found` problem.
   */
  notFound?: string;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Problems specific to this operation; the ones implied by auth, `notFound`, body, preconditions and idempotency are added. */
  problems?: readonly ProblemSlug[];
  /** The OpenAPI tag it is listed under. */
  tag: 'meta' | 'users' | 'conversations' | 'messages' | 'attachments' | 'realtime';
}

/** An operation with its handler: the unit `createApp` mounts and the OpenAPI generator documents. */
export type Operation<O extends OperationSpec = OperationSpec> = O & OperationHandler<O>;

interface OperationHandler<O extends OperationSpec> {
  readonly method: HttpMethod;
  /** OpenAPI-style path, e.g. `/v1/conversations/{conversationId}`. */
  readonly path: string;
  // A method, not a function property: an `Operation<O>` then fits the table's `Operation[]`.
  handle(input: Parameters<RouteHandler<O>>[0]): ReturnType<RouteHandler<O>>;
}

/** Pair `spec` with the handler that answers it; the handler's input is typed by the spec's schemas. */
export function defineOperation<const O extends OperationSpec>(spec: O, handle: RouteHandler<O>): Operation<O> {
  const [method, path] = spec.route.split(' ') as [HttpMethod, string];
  return { ...spec, method, path, auth: path.startsWith('/v1/'), handle };
}

type OutputOf<S> = S extends Lazy<infer T extends v.GenericSchema> ? v.InferOutput<T> : undefined;
export type ParamsOf<O extends OperationSpec> = OutputOf<O['params']>;
export type QueryOf<O extends OperationSpec> = OutputOf<O['query']>;
export type BodyOf<O extends OperationSpec> = OutputOf<O['body']>;
