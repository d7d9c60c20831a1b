import type { Context, Hono } from 'hono';
import { readJsonBody } from '../http/body.js';
import { conversationNotFound, errorToReply } from '../http/errors.js';
import type { AppEnv } from '../http/env.js';
import { type EntityTagCondition, parseEntityTags } from '../http/etag.js';
import { checkIdempotencyKey, type IdempotencySession, startIdempotent } from '../http/idempotency.js';
import { HttpProblem } from '../http/problem.js';
import { type Reply, toResponse } from '../http/reply.js';
import { validate } from '../http/validation.js';
import type { IdempotencyCompletion } from '../repository/port.js';
import type { BodyOf, OperationSpec, ParamsOf, QueryOf } from './operation.js';
import type { Services } from './services.js';

/** What a route handler gets: validated input, parsed preconditions, and the app's services. */
export interface RouteInput<O extends OperationSpec> {
  services: Services;
  /** The caller's user id; empty on routes without auth. */
  caller: string;
  requestId: string;
  params: ParamsOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  ifMatch: EntityTagCondition | undefined;
  ifNoneMatch: EntityTagCondition | undefined;
  /**
   * Run the write that produces `reply`, handing it the idempotency completion when the request
   * has an `Idempotency-Key`, so a backend stores the outcome in the same transaction as the write.
   */
  commit<T>(reply: Reply, write: (completion: IdempotencyCompletion | undefined) => Promise<T>): Promise<T>;
}

export type RouteHandler<O extends OperationSpec> = (input: RouteInput<O>) => Promise<Reply>;

/**
 * Mount `handler` for `operation`: validate path, query, preconditions and body as the operation
 * describes them, run the idempotency protocol for POSTs with a key, and turn whatever happens
 * into a `Response` (problems included).
 */
export function bind<O extends OperationSpec>(
  app: Hono<AppEnv>,
  services: Services,
  operation: O,
  handler: RouteHandler<O>,
): void {
  const path = operation.path.replace(/\{(\w+)\}/g, ':$1');
  app.on(operation.method, path, async (c) => {
    const requestId = c.get('requestId');
    let idempotency: IdempotencySession | undefined;
    let reply: Reply;
    try {
      const prepared = await prepare(c, operation, services);
      if (prepared.replay) return toResponse(prepared.replay, { 'idempotent-replayed': 'true' });
      idempotency = prepared.session;
      reply = await handler({ ...prepared.input, commit: commitWith(idempotency) });
    } catch (error) {
      reply = errorToReply(error, services.log, requestId);
    }
    if (idempotency) await finish(idempotency, reply, services, requestId);
    return toResponse(reply);
  });
}

type PreparedInput<O extends OperationSpec> = Omit<RouteInput<O>, 'commit'>;

async function prepare<O extends OperationSpec>(
  c: Context<AppEnv>,
  operation: O,
  services: Services,
): Promise<{ input: PreparedInput<O>; session?: IdempotencySession; replay?: Reply }> {
  // Parsed only where a query or an idempotency record needs it, not on every request.
  let url: URL | undefined;
  const requestUrl = () => (url ??= new URL(c.req.url));
  const caller = c.get('caller') ?? '';
  const params = operation.params ? parseParams(operation.params, c.req.param()) : undefined;
  const query = operation.query
    ? validate(operation.query, queryObject(operation.query, requestUrl().searchParams), 'query')
    : undefined;
  // Preconditions are read only where the operation has them; elsewhere they are ignored.
  const conditional = operation.preconditions !== undefined;
  const ifMatch = conditional ? precondition(c.req.header('if-match'), 'If-Match') : undefined;
  const ifNoneMatch = conditional ? precondition(c.req.header('if-none-match'), 'If-None-Match') : undefined;
  if (operation.preconditions === 'required' && !ifMatch) {
    throw new HttpProblem('precondition-required', 'Send If-Match with the ETag you last read (or *).');
  }
  const key = operation.idempotent ? c.req.header('idempotency-key') : undefined;
  if (key !== undefined) checkIdempotencyKey(key);
  const raw = operation.body ? await readJsonBody(c.req.raw) : undefined;
  const body = operation.body ? validate(operation.body, raw, 'body') : undefined;
  const input = {
    services,
    caller,
    requestId: c.get('requestId'),
    params: params as ParamsOf<O>,
    query: query as QueryOf<O>,
    body: body as BodyOf<O>,
    ifMatch,
    ifNoneMatch,
  };
  if (key === undefined) return { input };
  const started = await startIdempotent(services.repository, {
    caller,
    operationId: operation.operationId,
    key,
    method: operation.method,
    path: requestUrl().pathname,
    body: raw,
    now: Math.floor(services.now().getTime() / 1000),
  });
  return started.kind === 'replay' ? { input, replay: started.reply } : { input, session: started.session };
}

/** An id that fails its schema cannot exist: answer exactly as for a missing resource. */
function parseParams(schema: NonNullable<OperationSpec['params']>, raw: Record<string, string>): unknown {
  try {
    return validate(schema, raw, 'path');
  } catch {
    if ('conversationId' in schema.entries) throw conversationNotFound();
    throw new HttpProblem('not-found', 'The resource does not exist.');
  }
}

function queryObject(schema: NonNullable<OperationSpec['query']>, search: URLSearchParams): Record<string, string> {
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

function commitWith(session: IdempotencySession | undefined): RouteInput<OperationSpec>['commit'] {
  return async (reply, write) => {
    const result = await write(session?.completionFor(reply));
    session?.markRecorded();
    return result;
  };
}

async function finish(session: IdempotencySession, reply: Reply, services: Services, requestId: string): Promise<void> {
  try {
    await session.finish(reply);
  } catch (error) {
    // The client still gets its answer; the claim lapses after its lock time and a retry re-runs.
    services.log({
      level: 'warn',
      msg: 'idempotency record not updated',
      requestId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
