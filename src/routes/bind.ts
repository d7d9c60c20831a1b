import type { Context, Hono } from 'hono';
import { readJsonBody } from '../http/body.js';
import { requestDeadlines } from '../http/deadline.js';
import { type ErrorContext, errorToReply } from '../http/errors.js';
import type { AppEnv } from '../http/env.js';
import { type EntityTagCondition, notModified, onlyWeakTags, parseEntityTags } from '../http/etag.js';
import { checkIdempotencyKey, type IdempotencySession, startIdempotent } from '../http/idempotency.js';
import { HttpProblem } from '../http/problem.js';
import { type Reply, toResponse } from '../http/reply.js';
import { scopeOf } from '../http/request-context.js';
import { validate } from '../http/validation.js';
import { IdempotencyLeaseLostError } from '../repository/errors.js';
import type { IdempotencyCompletion, Repository, RequestDeadline } from '../repository/port.js';
import type { RequestScope } from '../telemetry/scope.js';
import type { BodyOf, Operation, OperationSpec, ParamsOf, QueryOf } from './operation.js';
import type { Services } from './services.js';

/** What a route handler gets: validated input, parsed preconditions, and the app's services. */
export interface RouteInput<O extends OperationSpec> {
  services: Services;
  /** The operation being answered (cursors are scoped by it). */
  operationId: string;
  /** The caller's user id; empty on routes without auth. */
  caller: string;
  /** When the caller's token expires, epoch ms; 0 on routes without auth. */
  tokenExpiresAt: number;
  /** The request's URL (a real-time ticket's URL defaults to this origin). */
  url: string;
  requestId: string;
  params: ParamsOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  ifMatch: EntityTagCondition | undefined;
  ifNoneMatch: EntityTagCondition | undefined;
  /** `record`, or — when it is `null` — the operation's own 404 (`OperationSpec.notFound`). */
  found<T>(record: T | null): T;
  /**
   * Run the write that produces `reply`, handing it the idempotency completion when the request
   * has an `Idempotency-Key`, so a backend stores the outcome in the same transaction as the write
   * (fenced by the claim's token: a request whose lease was taken over writes nothing).
   */
  commit<T>(reply: Reply, write: (completion: IdempotencyCompletion | undefined) => Promise<T>): Promise<T>;
}

export type RouteHandler<O extends OperationSpec> = (input: RouteInput<O>) => Promise<Reply>;

/**
 * Mount `operation`: validate path, query, preconditions and body as it describes them, run the
 * idempotency protocol for POSTs with a key, call its handler, and turn whatever happens into a
 * `Response` (problems included, mapped in one place: `errorToReply`), carrying `x-request-id`.
 */
export function bind(app: Hono<AppEnv>, services: Services, operation: Operation): void {
  const path = operation.path.replace(/\{(\w+)\}/g, ':$1');
  app.on(operation.method, path, async (c) => {
    const scope = scopeOf(c.req.raw);
    scope.route = operation.route;
    const { requestId } = scope;
    const idHeader = { 'x-request-id': requestId };
    const startMs = services.now().getTime();
    const errors: ErrorContext = {
      log: services.log,
      requestId,
      notFound: operation.notFound,
      now: startMs / 1000,
      scope,
    };
    let session: IdempotencySession | undefined;
    let reply: Reply;
    try {
      const key = operation.idempotent ? c.req.header('idempotency-key') : undefined;
      const input = readInput(c, operation, scoped(services, startMs, c.env, scope), requestId, key);
      errors.conditional = input.ifMatch !== undefined || input.ifNoneMatch !== undefined;
      // Only a body or an idempotency key needs an await before the handler runs.
      if (operation.body !== undefined || key !== undefined) {
        const write = await prepareWrite(c, operation, input, key, startMs);
        if (write.replay) return toResponse(write.replay, idHeader);
        session = write.session;
      }
      reply = await operation.handle(input);
    } catch (error) {
      reply = errorToReply(error, errors);
    }
    if (session) reply = await finish(session, reply, errors);
    if (operation.method === 'GET') reply = conditionalGet(c.req.header('if-none-match'), reply);
    return toResponse(reply, idHeader);
  });
}

/**
 * The services of one request: the repository bounded by the request's deadline (`requestDeadlines`:
 * half the idempotency lease, or less when the platform grants less), so no store call, retry or
 * re-read loop runs on past it; and the one that records or releases its key, bounded by the lease.
 * Where the store counts its round trips (`AppDeps.countedRepository`), both are views of the
 * request's counted repository, so `scope` gets every call of the request. Each view is made on
 * first use: a route that never touches the store (`/health`) makes none.
 */
function scoped(services: Services, startMs: number, bindings: unknown, scope: RequestScope): Services {
  const { countedRepository } = services;
  if (!countedRepository && !services.repository.withDeadline) return services;
  const deadlines = requestDeadlines(startMs, () => services.now().getTime(), bindings);
  let store: Repository | undefined;
  let work: Repository | undefined;
  let outcomes: Repository | undefined;
  const base = () => (store ??= countedRepository ? countedRepository(scope) : services.repository);
  const bounded = (deadline: RequestDeadline) => {
    const repository = base();
    return repository.withDeadline ? repository.withDeadline(deadline) : repository;
  };
  return {
    ...services,
    get repository() {
      return (work ??= bounded(deadlines.work));
    },
    get outcomes() {
      return (outcomes ??= bounded(deadlines.outcome));
    },
  };
}

/**
 * Everything read from the path, query and headers, checked in that order (the first problem is
 * thrown); the body is still unread and `commit` does not record an idempotent outcome yet.
 */
function readInput<O extends OperationSpec>(
  c: Context<AppEnv>,
  operation: O,
  services: Services,
  requestId: string,
  idempotencyKey: string | undefined,
): RouteInput<O> {
  const params = operation.params ? parseParams(operation, c.req.param()) : undefined;
  const query = operation.query
    ? validate(operation.query(), queryObject(operation.query(), new URL(c.req.url).searchParams), 'query')
    : undefined;
  // Preconditions are read only where the operation has them; elsewhere they are ignored.
  const conditional = operation.preconditions !== undefined;
  const ifMatch = conditional ? precondition(c.req.header('if-match'), 'If-Match') : undefined;
  const ifNoneMatch = conditional ? precondition(c.req.header('if-none-match'), 'If-None-Match') : undefined;
  if (ifMatch && onlyWeakTags(ifMatch)) {
    throw new HttpProblem(
      'precondition-failed',
      'If-Match takes strong entity tags only: a weak one (W/"…") never matches (RFC 9110 §13.1.1). Send the ETag exactly as it was received.',
    );
  }
  if (operation.preconditions === 'required' && !ifMatch) {
    throw new HttpProblem('precondition-required', 'Send If-Match with the ETag you last read (or *).');
  }
  if (idempotencyKey !== undefined) checkIdempotencyKey(idempotencyKey);
  return {
    services,
    operationId: operation.operationId,
    caller: c.get('caller') ?? '',
    tokenExpiresAt: c.get('tokenExpiresAt') ?? 0,
    url: c.req.url,
    requestId,
    params: params as ParamsOf<O>,
    query: query as QueryOf<O>,
    body: undefined as BodyOf<O>,
    ifMatch,
    ifNoneMatch,
    found: (record) => {
      if (record === null) throw notFound(operation);
      return record;
    },
    commit: commitDirectly,
  };
}

/**
 * Read and validate the body into `input`, then claim the idempotency `key` if there is one: the
 * stored reply when the key was used before (to replay), else the session, with `input.commit`
 * now recording the outcome in the same write.
 */
async function prepareWrite<O extends OperationSpec>(
  c: Context<AppEnv>,
  operation: O,
  input: RouteInput<O>,
  key: string | undefined,
  startMs: number,
): Promise<{ replay?: Reply; session?: IdempotencySession }> {
  const raw = operation.body ? await readJsonBody(c.req.raw) : undefined;
  if (operation.body) input.body = validate(operation.body(), raw, 'body') as BodyOf<O>;
  if (key === undefined) return {};
  const { services } = input;
  const started = await startIdempotent(
    services.repository,
    {
      caller: input.caller,
      operationId: operation.operationId,
      key,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      body: raw,
      now: Math.floor(startMs / 1000),
    },
    services.outcomes,
  );
  if (started.kind === 'replay') return { replay: started.reply };
  input.commit = started.session.commit;
  return { session: started.session };
}

/** An id that fails its schema cannot exist: answer exactly as for a missing resource. */
function parseParams(operation: OperationSpec, raw: Record<string, string>): unknown {
  const schema = operation.params?.();
  try {
    return schema ? validate(schema, raw, 'path') : undefined;
  } catch {
    throw notFound(operation);
  }
}

function notFound(operation: OperationSpec): HttpProblem {
  return new HttpProblem('not-found', operation.notFound ?? 'The resource does not exist.');
}

function queryObject(
  schema: ReturnType<NonNullable<OperationSpec['query']>>,
  search: URLSearchParams,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(schema.entries)) {
    const values = search.getAll(name);
    if (values.length > 1) {
      throw new HttpProblem('validation-failed', `${name}: is given more than once.`, {
        errors: [{ parameter: name, detail: 'is given more than once' }],
      });
    }
    if (values[0] !== undefined) out[name] = values[0];
  }
  return out;
}

function precondition(header: string | undefined, name: string): EntityTagCondition | undefined {
  return header === undefined ? undefined : parseEntityTags(header, name);
}

/**
 * `If-None-Match` on a GET of a resource: 304 with the ETag and no body when the client already
 * has this representation (RFC 9110 §13.1.2, §15.4.5). Only a 200 that carries an ETag qualifies.
 */
function conditionalGet(header: string | undefined, reply: Reply): Reply {
  const etag = reply.headers.etag;
  if (header === undefined || reply.status !== 200 || etag === undefined) return reply;
  let condition: ReturnType<typeof parseEntityTags>;
  try {
    condition = parseEntityTags(header, 'If-None-Match');
  } catch {
    return reply; // a malformed validator matches nothing, so the full answer is the right one
  }
  return notModified(condition, etag) ? { status: 304, headers: { etag }, body: null } : reply;
}

/** `commit` without an idempotency key: just the write. */
const commitDirectly: RouteInput<OperationSpec>['commit'] = (_reply, write) => write(undefined);

/**
 * Record (or release) the outcome. A completion refused by the fence (this request's lease was taken
 * over while it ran) changes the answer to the winner's; any other failure is logged, and the client
 * still gets its answer (the claim lapses after its lease and a retry re-runs).
 */
async function finish(session: IdempotencySession, reply: Reply, errors: ErrorContext): Promise<Reply> {
  try {
    await session.finish(reply);
    return reply;
  } catch (error) {
    if (error instanceof IdempotencyLeaseLostError) return errorToReply(error, errors);
    errors.log({
      level: 'warn',
      msg: 'idempotency record not updated',
      requestId: errors.requestId,
      ...(errors.scope ? { traceId: errors.scope.traceId } : {}),
      error: error instanceof Error ? error.message : String(error),
    });
    return reply;
  }
}
