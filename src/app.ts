import { Hono } from 'hono';
import { methodNotAllowed } from 'hono/method-not-allowed';
import { monotonicFactory } from 'ulidx';
import { bearerAuth } from './auth/middleware.js';
import { createTokenVerifier } from './auth/verify.js';
import type { AppDeps } from './deps.js';
import { createCursorSigner } from './http/cursor.js';
import type { AppEnv } from './http/env.js';
import { errorToReply, type LogSink } from './http/errors.js';
import { HttpProblem, problemReply } from './http/problem.js';
import { toResponse } from './http/reply.js';
import { requestContext } from './http/request-context.js';
import { requestLimits } from './http/request-limits.js';
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

  const app = new Hono<AppEnv>();
  app.use(requestContext(services.log));
  app.use(requestLimits());
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (_c, methods) =>
        toResponse(
          problemReply(
            new HttpProblem('method-not-allowed', `This route accepts ${methods.join(', ')}.`, {
              headers: { allow: methods.join(', ') },
            }),
          ),
        ),
    }),
  );
  app.use('/v1/*', bearerAuth(verifier));
  mountMeta(app, services);
  mountUsers(app, services);
  mountConversations(app, services);
  mountParticipants(app, services);
  mountMessages(app, services);
  app.notFound(() => toResponse(problemReply(new HttpProblem('not-found', 'No such route.'))));
  app.onError((error, c) => toResponse(errorToReply(error, services.log, c.get('requestId') ?? 'unknown')));
  return app;
}
