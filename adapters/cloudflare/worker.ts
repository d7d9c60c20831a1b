import type { Hono } from 'hono';
import { createApp } from '../../src/app.js';
import type { AppEnv } from '../../src/http/env.js';
import type { RequestLocation } from '../../src/replicas/choose.js';
import { httpEntry, lazyStart } from '../../src/startup.js';
import { createWorkerDeps } from './deps.js';
import { drainUnread } from './drain-unread.js';
import type { Env, WorkerContext } from './env.js';
import { CONNECT_PATH } from '../../src/routes/realtime.js';
import { LOCAL_NOTIFY_PATH, notifyLocalUploads } from './local-notify.js';

// The Durable Object classes of the `durable-object` backend live in this same Worker script.
export { ConversationObject, HandleObject, IdempotencyObject, UserObject } from './durable-objects.js';

// One app per isolate. `env` only arrives with the first request, so the app is built then
// (`lazyStart`); Cloudflare hands every request of an isolate the same bindings.
let serve: ((request: Request, env: Env, ctx: WorkerContext) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env, ctx: WorkerContext): Promise<Response> {
    // The real-time handshake goes to the realtime Worker, which checks the ticket (not this bundle).
    const { pathname } = new URL(request.url);
    if (env.PARLEY_REALTIME && pathname === CONNECT_PATH) return env.PARLEY_REALTIME.fetch(request);
    // `npm run dev` only: stands in for R2's event notifications, which Miniflare does not emulate.
    if (env.MEDIA_LOCAL_NOTIFY && pathname === LOCAL_NOTIFY_PATH && request.method === 'POST')
      return notifyLocalUploads(env);
    serve ??= httpEntry(
      lazyStart({ build: () => createApp(createWorkerDeps(env, (request as { cf?: RequestLocation }).cf)) }),
      (app: Hono<AppEnv>) => app.fetch,
    );
    // Drained before answering: see `drainUnread` (an answer sent over an unread chunked upload
    // broke the next request under wrangler dev).
    return serve(request, env, ctx).then(async (response) => {
      await drainUnread(request);
      return response;
    });
  },
};
