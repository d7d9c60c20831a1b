import type { Hono } from 'hono';
import { HonoBase } from 'hono/hono-base';
import { TrieRouter } from 'hono/router/trie-router';
import { bearerAuth } from './auth/middleware.js';
import { DEFAULT_JWKS_CACHE_SECONDS } from './auth/key-source.js';
import { withVerifiedTokenCache } from './auth/verified-token-cache.js';
import { createTokenVerifier } from './auth/verify.js';
import type { AppDeps } from './deps.js';
import { corsMiddleware } from './http/cors.js';
import { monotonicUlidFactory } from './domain/ulid.js';
import { createCursorSigner } from './http/cursor.js';
import type { AppEnv } from './http/env.js';
import { errorToReply, type LogSink } from './http/errors.js';
import { routeMethods } from './http/method-not-allowed.js';
import { HttpProblem, problemResponse } from './http/problem.js';
import { toResponse } from './http/reply.js';
import { requestIdOf, scopeOf, withRequestContext } from './http/request-context.js';
import { oversizedRequest } from './http/request-limits.js';
import { bind, type RouteInput } from './routes/bind.js';
import { getDocs } from './routes/meta.js';
import type { Services } from './routes/services.js';
import { routeMatcher } from './routes/route-of.js';
import { OPERATIONS } from './routes/table.js';
import { accessLogTelemetry } from './telemetry/access-log.js';

const defaultLog: LogSink = (entry) => console.log(JSON.stringify(entry));

/**
 * Parley's HTTP app: every route of API v1 with its semantics (problems, auth, visibility,
 * ETags, idempotency, cursors). Build it once per isolate/process and reuse it: the token
 * verifier (and its JWKS cache), the cursor key and the id factory live as long as the app.
 * The app only turns a `Request` into a `Response`; adapters do the rest.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const now = deps.now ?? (() => new Date());
  const ulid = monotonicUlidFactory();
  const services: Services = {
    config: deps.config,
    repository: deps.repository,
    outcomes: deps.repository,
    now,
    newId: () => ulid(now().getTime()),
    cursors: createCursorSigner(deps.config.cursorSecret),
    media: deps.media,
    log: deps.log ?? defaultLog,
    health: deps.health,
    countedRepository: deps.countedRepository,
    backend: deps.repository.backend,
    realtime: deps.realtime,
    documents: deps.documents,
  };
  const { auth } = deps.config;
  // Accepted tokens are remembered (bounded, re-checked against the clock on every request) for no
  // longer than the JWKS keys are cached, so a withdrawn key stops working within two such periods.
  const verifier = withVerifiedTokenCache(createTokenVerifier(auth, { fetch: deps.fetch, now }), {
    now,
    maxAgeSeconds:
      auth.mode === 'jwks' ? (auth.cacheSeconds ?? DEFAULT_JWKS_CACHE_SECONDS) : DEFAULT_JWKS_CACHE_SECONDS,
  });

  // Hono's default router tries RegExpRouter first, which cannot take Parley's routes (`/v1/users/me`
  // beside `/v1/users/:userId` under `/v1/*`) and falls back to TrieRouter on the first request:
  // start with TrieRouter, and leave the two routers that would never serve out of the bundles.
  const app: Hono<AppEnv> = new HonoBase<AppEnv>({ router: new TrieRouter() });
  // Before auth, so a browser's preflight (which never carries a token) is answered.
  const origins = deps.config.corsOrigins ?? [];
  if (origins.length > 0) app.use('*', corsMiddleware(origins));
  app.use('/v1/*', bearerAuth(verifier));
  for (const operation of OPERATIONS) bind(app, services, operation);
  // `/docs/` is `/docs` (as Workers' static assets serve it). Mounted for ALL methods, so it is an
  // alias rather than a second operation of the table and the document.
  app.all('/docs/', async (c) => {
    const requestId = requestIdOf(c.req.raw);
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const problem = new HttpProblem('method-not-allowed', 'This route accepts GET.', { headers: { allow: 'GET' } });
      return problemResponse(problem, requestId);
    }
    return toResponse(await getDocs.handle({ services } as RouteInput<typeof getDocs>), { 'x-request-id': requestId });
  });
  const methodsOf = routeMethods(app);
  app.notFound((c) => {
    // A path that has routes, asked with another method: 405 with `Allow`, not 404.
    const methods = methodsOf(c.req.path);
    if (methods.length > 0 && !methods.includes(c.req.method)) {
      const allow = methods.join(', ');
      return problemResponse(
        new HttpProblem('method-not-allowed', `This route accepts ${allow}.`, { headers: { allow } }),
        requestIdOf(c.req.raw),
      );
    }
    return problemResponse(new HttpProblem('not-found', 'No such route.'), requestIdOf(c.req.raw));
  });
  app.onError((error, c) => {
    const scope = scopeOf(c.req.raw);
    const { requestId } = scope;
    return toResponse(errorToReply(error, { log: services.log, requestId, scope }), { 'x-request-id': requestId });
  });
  return withRequestContext(app, {
    telemetry: deps.telemetry ?? accessLogTelemetry(services.log),
    screen: oversizedRequest,
    countsRoundTrips: deps.countedRepository !== undefined,
    routeOf: routeMatcher(OPERATIONS),
  });
}
