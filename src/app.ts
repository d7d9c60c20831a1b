import type { Hono } from 'hono';
import { HonoBase } from 'hono/hono-base';
import { TrieRouter } from 'hono/router/trie-router';
import { monotonicFactory } from 'ulidx';
import { bearerAuth } from './auth/middleware.js';
import { createTokenVerifier } from './auth/verify.js';
import type { AppDeps } from './deps.js';
import { createCursorSigner } from './http/cursor.js';
import type { AppEnv } from './http/env.js';
import { errorToReply, type LogSink } from './http/errors.js';
import { routeMethods } from './http/method-not-allowed.js';
import { HttpProblem, problemReply } from './http/problem.js';
import { toResponse } from './http/reply.js';
import { requestContext } from './http/request-context.js';
import { oversizedRequest } from './http/request-limits.js';
import { mountConversations } from './routes/conversations.js';
import { mountMessages } from './routes/messages.js';
import { mountMeta } from './routes/meta.js';
import { mountParticipants } from './routes/participants.js';
import type { Services } from './routes/services.js';
import { mountUsers } from './routes/users.js';

const defaultLog: LogSink = (entry) => console.log(JSON.stringify(entry));

/**
 * Parley's HTTP app: every route of API v1 with its semantics (problems, auth, visibility,
 * ETags, idempotency, cursors). Build it once per isolate/process and reuse it: the token
 * verifier (and its JWKS cache), the cursor key and the id factory live as long as the app.
 * The app only turns a `Request` into a `Response`; adapters do the rest.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const ulid = monotonicFactory();
  const services: Services = {
    config: deps.config,
    repository: deps.repository,
    now,
    newId: () => ulid(now().getTime()),
    cursors: createCursorSigner(deps.config.cursorSecret),
    log: deps.log ?? defaultLog,
    health: deps.health,
  };
  const verifier = createTokenVerifier(deps.config.auth, { fetch: deps.fetch, now });

  // Hono's default router tries RegExpRouter first, which cannot take Parley's routes (`/v1/users/me`
  // beside `/v1/users/:userId` under `/v1/*`) and falls back to TrieRouter on the first request:
  // start with TrieRouter, and leave the two routers that would never serve out of the bundles.
  const app: Hono<AppEnv> = new HonoBase<AppEnv>({ router: new TrieRouter() });
  app.use(requestContext(services.log, oversizedRequest));
  app.use('/v1/*', bearerAuth(verifier));
  mountMeta(app, services);
  mountUsers(app, services);
  mountConversations(app, services);
  mountParticipants(app, services);
  mountMessages(app, services);
  const methodsOf = routeMethods(app);
  app.notFound((c) => {
    // A path that has routes, asked with another method: 405 with `Allow`, not 404.
    const methods = methodsOf(c.req.path);
    if (methods.length > 0 && !methods.includes(c.req.method)) {
      const allow = methods.join(', ');
      return toResponse(
        problemReply(new HttpProblem('method-not-allowed', `This route accepts ${allow}.`, { headers: { allow } })),
      );
    }
    return toResponse(problemReply(new HttpProblem('not-found', 'No such route.')));
  });
  app.onError((error, c) => toResponse(errorToReply(error, services.log, c.get('requestId') ?? 'unknown')));
  return app;
}
