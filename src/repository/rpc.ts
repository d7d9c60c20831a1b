import {
  ConflictError,
  NotFoundError,
  RepositoryError,
  StoreRequestError,
  StoreUnavailableError,
  VersionMismatchError,
} from './errors.js';
import type { Repository } from './port.js';

/**
 * The repository port over HTTP, for tools that run outside the platform that holds the data: a
 * Node process (`npm run migrate`) cannot call a Workers KV or Durable Object binding, so an admin
 * Worker (`adapters/cloudflare/admin.ts`) serves its own repository — built exactly as the API
 * Worker builds it — and the tool calls it with `createRpcRepository`. Every call still runs the
 * backend's own code, rules and all, next to its bindings.
 *
 * Wire: `GET` → `{ backend, capabilities }`; `POST` `{ calls: [{ method, args }] }` (≤ `RPC_MAX_CALLS`)
 * → `{ results: [{ value } | { error: { name, message, reason?, retryAfterSeconds? } }] }`, in order.
 * Both need `Authorization: Bearer <PARLEY_ADMIN_TOKEN>`. Only the operations a migration and its
 * verification need are served: nothing is deleted or revised through it, and no idempotency record
 * is touched.
 */
export const RPC_OPERATIONS = [
  'getUser',
  'getUserByHandle',
  'saveUser',
  'createConversation',
  'getConversation',
  'listConversations',
  'postMessage',
  'getMessage',
  'listMessages',
] as const satisfies ReadonlyArray<keyof Repository>;

export type RpcOperation = (typeof RPC_OPERATIONS)[number];
export const RPC_MAX_CALLS = 100;

interface WireError {
  name: string;
  message: string;
  reason?: string;
  retryAfterSeconds?: number;
}
type WireResult = { value: unknown } | { error: WireError };

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const problem = (status: number, title: string) =>
  new Response(JSON.stringify({ type: 'about:blank', title, status }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

/** Same length and same bytes, without stopping at the first difference. */
function sameSecret(given: string, expected: string): boolean {
  const a = new TextEncoder().encode(given);
  const b = new TextEncoder().encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i % Math.max(a.length, 1)] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function encodeError(error: unknown): WireError {
  if (error instanceof ConflictError) return { name: error.name, message: error.message, reason: error.reason };
  if (error instanceof StoreUnavailableError) {
    return { name: error.name, message: error.message, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof RepositoryError) return { name: error.name, message: error.message };
  return { name: 'StoreUnavailableError', message: error instanceof Error ? error.message : String(error) };
}

/** The admin Worker's handler: authenticate, then run each call on `repository`, concurrently. */
export async function serveRepositoryRpc(repository: Repository, request: Request, token: string): Promise<Response> {
  const header = request.headers.get('authorization') ?? '';
  if (!header.startsWith('Bearer ') || !sameSecret(header.slice(7), token)) return problem(401, 'Unauthorized');
  if (request.method === 'GET')
    return json(200, { backend: repository.backend, capabilities: repository.capabilities });
  if (request.method !== 'POST') return problem(405, 'Method Not Allowed');
  let calls: Array<{ method: string; args: unknown[] }>;
  try {
    const body = (await request.json()) as { calls?: unknown };
    if (!Array.isArray(body.calls) || body.calls.length > RPC_MAX_CALLS) throw new TypeError('calls');
    calls = body.calls as typeof calls;
  } catch {
    return problem(400, `Body must be { calls: [{ method, args }] } with at most ${RPC_MAX_CALLS} calls`);
  }
  const allowed = new Set<string>(RPC_OPERATIONS);
  const results = await Promise.all(
    calls.map(async (call): Promise<WireResult> => {
      if (!call || !allowed.has(call.method) || !Array.isArray(call.args)) {
        return {
          error: { name: 'StoreRequestError', message: `not an operation served here: ${String(call?.method)}` },
        };
      }
      try {
        const operation = repository[call.method as RpcOperation] as (...args: unknown[]) => Promise<unknown>;
        return { value: (await operation.apply(repository, call.args)) ?? null };
      } catch (error) {
        return { error: encodeError(error) };
      }
    }),
  );
  return json(200, { results });
}

function revive(error: WireError): Error {
  switch (error.name) {
    case 'NotFoundError':
      return new NotFoundError(error.message);
    case 'ConflictError':
      return new ConflictError(error.message, (error.reason ?? 'exists') as ConflictError['reason']);
    case 'VersionMismatchError':
      return new VersionMismatchError(error.message);
    case 'StoreRequestError':
      return new StoreRequestError(error.message);
    default:
      return new StoreUnavailableError(error.message, error.retryAfterSeconds ?? 1);
  }
}

export interface RpcRepositoryOptions {
  /** The admin Worker's URL. */
  url: string;
  token: string;
  fetch?: typeof fetch;
  /**
   * Calls made while a request is being prepared go out together, up to this many per request —
   * fewer round trips across the internet. Each invocation of the Worker has its own limits
   * (Workers KV: 1,000 operations), so a conversation call counts one per participant.
   */
  maxWeight?: number;
}

type Pending = {
  method: string;
  args: unknown[];
  weight: number;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
};

function weightOf(method: string, args: unknown[]): number {
  const first = args[0] as { participantIds?: unknown[] } | undefined;
  const participants = Array.isArray(first?.participantIds) ? first.participantIds.length : 0;
  return method === 'createConversation' || method === 'postMessage' ? 3 + participants : 3;
}

/** A `Repository` whose calls run in the admin Worker (see above). Unserved operations reject. */
export async function createRpcRepository(options: RpcRepositoryOptions): Promise<Repository> {
  const send = options.fetch ?? fetch;
  const headers = { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' };
  const maxWeight = options.maxWeight ?? 600;
  const describe = await send(options.url, { headers });
  if (describe.status === 401) throw new Error(`${options.url} refused the admin token (401)`);
  if (!describe.ok)
    throw new Error(`${options.url} answered ${describe.status}: ${(await describe.text()).slice(0, 300)}`);
  const { backend, capabilities } = (await describe.json()) as Pick<Repository, 'backend' | 'capabilities'>;

  let queue: Pending[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const all = queue;
    queue = [];
    while (all.length > 0) {
      const group: Pending[] = [];
      let weight = 0;
      while (all.length > 0 && group.length < RPC_MAX_CALLS) {
        const next = all[0] as Pending;
        if (group.length > 0 && weight + next.weight > maxWeight) break;
        group.push(next);
        weight += next.weight;
        all.shift();
      }
      void post(group);
    }
  };
  const post = async (group: Pending[]) => {
    try {
      const response = await send(options.url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ calls: group.map(({ method, args }) => ({ method, args })) }),
      });
      if (!response.ok) throw new StoreUnavailableError(`admin Worker answered ${response.status}`);
      const { results } = (await response.json()) as { results: WireResult[] };
      group.forEach((call, i) => {
        const result = results[i];
        if (!result) call.reject(new StoreUnavailableError('admin Worker answered fewer results than calls'));
        else if ('error' in result) call.reject(revive(result.error));
        else call.resolve(result.value);
      });
    } catch (error) {
      const failure =
        error instanceof RepositoryError
          ? error
          : new StoreUnavailableError(`admin Worker unreachable: ${(error as Error).message}`);
      for (const call of group) call.reject(failure);
    }
  };
  const call =
    (method: string) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        queue.push({ method, args, weight: weightOf(method, args), resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setTimeout(flush, 0);
        }
      });
  const repository: Record<string, unknown> = { backend, capabilities };
  for (const method of RPC_OPERATIONS) repository[method] = call(method);
  for (const method of [
    'getUsers',
    'deleteUser',
    'updateConversation',
    'updateMessage',
    'claimIdempotencyKey',
    'completeIdempotencyKey',
    'releaseIdempotencyKey',
  ]) {
    repository[method] = () => Promise.reject(new StoreRequestError(`${method} is not served over the admin RPC`));
  }
  return repository as unknown as Repository;
}
