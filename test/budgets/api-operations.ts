import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();

/** What a step needs: the app's Fetch handler and a way to mint a bearer token for a user id. */
export interface ApiDriver {
  fetch: (request: Request) => Response | Promise<Response>;
  token: (sub: string) => Promise<string>;
}

export interface ApiReply {
  status: number;
  etag: string | null;
  body: any;
}

/** One API operation of the walk-through: `read` or `write` decides its round-trip budget. */
export interface ApiOperation {
  name: string;
  kind: 'read' | 'write';
  /** The status the step must answer with, so a failing request is never counted as a cheap one. */
  status: number;
  /**
   * Sends an `Idempotency-Key`: its first DynamoDB call is the key's put-if-absent claim, which the
   * idempotency protocol makes before the work starts (so a concurrent retry gets 409), apart from the change.
   */
  idempotencyKey?: boolean;
  /**
   * Names users who must have a profile (participants): their profiles are read in one batch
   * (`BatchGetItem`) before the write, which the budget allows on top of `maxReads` (and requires).
   */
  checksUsers?: boolean;
  /**
   * A write whose reply is the conversation with the caller's read state (`unreadCount`): the caller's
   * membership is read in one `BatchGetItem` sent together with the conversation's read (the route awaits
   * both at once, `visibleWithReadState`), which the budget allows on top of `maxReads` (and requires).
   */
  repliesReadState?: boolean;
  /** Setup steps run in order with the others but are not part of the per-operation table. */
  setup?: boolean;
  run: (world: ApiWorld) => Promise<ApiReply>;
}

/** State the walk-through builds up as it goes (ids, ETags). */
export interface ApiWorld {
  call(
    who: string,
    method: string,
    path: string,
    options?: { json?: unknown; headers?: Record<string, string> },
  ): Promise<ApiReply>;
  users: { alice: string; bob: string; carol: string; dave: string };
  state: Record<string, string>;
}

/** A world of four fresh users (unique per run, so a shared table can be reused). */
export function createWorld(driver: ApiDriver): ApiWorld {
  const run = ulid().toLowerCase();
  const users = { alice: `alice-${run}`, bob: `bob-${run}`, carol: `carol-${run}`, dave: `dave-${run}` };
  const tokens = new Map<string, Promise<string>>();
  return {
    users,
    state: {},
    async call(who, method, path, options = {}) {
      let token = tokens.get(who);
      if (!token) tokens.set(who, (token = driver.token(who)));
      const headers = new Headers({ authorization: `Bearer ${await token}`, ...options.headers });
      let body: string | undefined;
      if (options.json !== undefined) {
        body = JSON.stringify(options.json);
        headers.set('content-type', 'application/json');
      }
      const response = await driver.fetch(new Request(`http://parley.test${path}`, { method, headers, body }));
      const text = await response.text();
      return { status: response.status, etag: response.headers.get('etag'), body: text ? JSON.parse(text) : null };
    },
  };
}

const profile = (user: string) => ({ handle: `h_${user.replace(/[^a-z0-9]/g, '').slice(0, 26)}`, displayName: user });

/** Keeps the reply's ETag (and id) under `key` for later steps. */
function keep(world: ApiWorld, key: string, reply: ApiReply, id?: string): ApiReply {
  if (reply.etag) world.state[`${key}.etag`] = reply.etag;
  if (id) world.state[key] = id;
  return reply;
}

const conversationPath = (w: ApiWorld) => `/v1/conversations/${w.state.conversation}`;
const messagePath = (w: ApiWorld) => `${conversationPath(w)}/messages/${w.state.message}`;
const ifMatch = (w: ApiWorld, key: string) => ({ 'if-match': w.state[`${key}.etag`] ?? '' });

/** Alice PATCHes the record kept as `key` at `path` under its last ETag, and keeps the new one. */
const revise = async (w: ApiWorld, key: string, path: string, json: Record<string, unknown>) =>
  keep(w, key, await w.call(w.users.alice, 'PATCH', path, { json, headers: ifMatch(w, key) }));

/**
 * Every API v1 operation that touches storage, in an order where each one succeeds: the same
 * walk-through is counted by the round-trip budget test and priced by the benchmark.
 */
export const API_OPERATIONS: ApiOperation[] = [
  {
    name: 'PUT /v1/users/me (create)',
    kind: 'write',
    status: 201,
    run: async (w) =>
      keep(w, 'alice', await w.call(w.users.alice, 'PUT', '/v1/users/me', { json: profile(w.users.alice) })),
  },
  ...(['bob', 'carol', 'dave'] as const).map(
    (who): ApiOperation => ({
      name: `PUT /v1/users/me (${who})`,
      kind: 'write',
      status: 201,
      setup: true,
      run: async (w) =>
        keep(w, who, await w.call(w.users[who], 'PUT', '/v1/users/me', { json: profile(w.users[who]) })),
    }),
  ),
  {
    name: 'GET /v1/users/me',
    kind: 'read',
    status: 200,
    run: (w) => w.call(w.users.alice, 'GET', '/v1/users/me'),
  },
  {
    name: 'PATCH /v1/users/me',
    kind: 'write',
    status: 200,
    run: (w) => revise(w, 'alice', '/v1/users/me', { displayName: 'Alice' }),
  },
  {
    name: 'GET /v1/users/{userId}',
    kind: 'read',
    status: 200,
    run: (w) => w.call(w.users.alice, 'GET', `/v1/users/${encodeURIComponent(w.users.bob)}`),
  },
  {
    name: 'GET /v1/users?handle=',
    kind: 'read',
    status: 200,
    run: (w) => w.call(w.users.alice, 'GET', `/v1/users?handle=${profile(w.users.bob).handle}`),
  },
  {
    name: 'POST /v1/conversations (Idempotency-Key)',
    kind: 'write',
    status: 201,
    idempotencyKey: true,
    checksUsers: true,
    run: async (w) => {
      const reply = await w.call(w.users.alice, 'POST', '/v1/conversations', {
        json: { title: 'bench', participantIds: [w.users.bob] },
        headers: { 'idempotency-key': `conv-${ulid()}` },
      });
      return keep(w, 'conversation', reply, reply.body?.id);
    },
  },
  {
    name: 'GET /v1/conversations',
    kind: 'read',
    status: 200,
    run: (w) => w.call(w.users.alice, 'GET', '/v1/conversations'),
  },
  {
    name: 'GET /v1/conversations/{id}',
    kind: 'read',
    status: 200,
    run: (w) => w.call(w.users.alice, 'GET', conversationPath(w)),
  },
  {
    name: 'PATCH /v1/conversations/{id}',
    repliesReadState: true,
    kind: 'write',
    status: 200,
    run: (w) => revise(w, 'conversation', conversationPath(w), { title: 'renamed' }),
  },
  {
    name: 'POST /v1/conversations/{id}/participants',
    repliesReadState: true,
    kind: 'write',
    status: 200,
    checksUsers: true,
    run: async (w) =>
      keep(
        w,
        'conversation',
        await w.call(w.users.alice, 'POST', `${conversationPath(w)}/participants`, {
          json: { participantIds: [w.users.carol] },
        }),
      ),
  },
  {
    name: 'DELETE /v1/conversations/{id}/participants/{userId}',
    kind: 'write',
    status: 204,
    run: (w) =>
      w.call(w.users.alice, 'DELETE', `${conversationPath(w)}/participants/${encodeURIComponent(w.users.carol)}`, {
        headers: ifMatch(w, 'conversation'),
      }),
  },
  {
    name: 'POST /v1/conversations/{id}/messages',
    kind: 'write',
    status: 201,
    run: async (w) => {
      const reply = await w.call(w.users.alice, 'POST', `${conversationPath(w)}/messages`, { json: { body: 'hello' } });
      return keep(w, 'message', reply, reply.body?.id);
    },
  },
  {
    name: 'POST /v1/conversations/{id}/messages (Idempotency-Key)',
    kind: 'write',
    status: 201,
    idempotencyKey: true,
    run: (w) => {
      w.state.idempotencyKey = `msg-${ulid()}`;
      return w.call(w.users.bob, 'POST', `${conversationPath(w)}/messages`, {
        json: { body: 'hi' },
        headers: { 'idempotency-key': w.state.idempotencyKey },
      });
    },
  },
  {
    name: 'POST /v1/conversations/{id}/messages (replayed key)',
    kind: 'write',
    status: 201,
    idempotencyKey: true,
    run: (w) =>
      w.call(w.users.bob, 'POST', `${conversationPath(w)}/messages`, {
        json: { body: 'hi' },
        headers: { 'idempotency-key': w.state.idempotencyKey ?? '' },
      }),
  },
  {
    name: 'GET /v1/conversations/{id}/messages',
    kind: 'read',
    status: 200,
    run: (w) => w.call(w.users.bob, 'GET', `${conversationPath(w)}/messages`),
  },
  {
    name: 'GET /v1/conversations/{id}/messages?after=',
    kind: 'read',
    status: 200,
    run: (w) => w.call(w.users.bob, 'GET', `${conversationPath(w)}/messages?after=${w.state.message}`),
  },
  {
    name: 'GET /v1/conversations/{id}/messages/{messageId}',
    kind: 'read',
    status: 200,
    run: async (w) => keep(w, 'message', await w.call(w.users.bob, 'GET', messagePath(w))),
  },
  {
    name: 'PATCH /v1/conversations/{id}/messages/{messageId}',
    kind: 'write',
    status: 200,
    run: (w) => revise(w, 'message', messagePath(w), { body: 'edited' }),
  },
  {
    name: 'DELETE /v1/conversations/{id}/messages/{messageId}',
    kind: 'write',
    status: 204,
    run: (w) => w.call(w.users.alice, 'DELETE', messagePath(w), { headers: ifMatch(w, 'message') }),
  },
  {
    name: 'DELETE /v1/users/me',
    kind: 'write',
    status: 204,
    run: (w) => w.call(w.users.dave, 'DELETE', '/v1/users/me', { headers: ifMatch(w, 'dave') }),
  },
];
