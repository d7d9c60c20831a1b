import { createApp } from '../../src/app.js';
import { ConfigError } from '../../src/config.js';
import { configFailureResponse } from '../../src/http/config-failure.js';
import type { RequestLocation } from '../../src/replicas/index.js';
import { createWorkerDeps } from './deps.js';
import type { Env, WorkerContext } from './env.js';

type Handler = (request: Request, env: Env, ctx: WorkerContext) => Response | Promise<Response>;

// One app per isolate. `env` only arrives with the first request, so the app is built lazily then;
// Cloudflare hands every request of an isolate the same bindings, so it is never rebuilt.
let handler: Promise<Handler> | undefined;

export default {
  async fetch(request: Request, env: Env, ctx: WorkerContext): Promise<Response> {
    handler ??= buildHandler(env, (request as { cf?: RequestLocation }).cf).catch((error: unknown) => {
      handler = undefined; // an unexpected start-up failure is retried by the next request
      throw error;
    });
    return (await handler)(request, env, ctx);
  },
};

async function buildHandler(env: Env, location: RequestLocation | undefined): Promise<Handler> {
  try {
    const app = await createApp(createWorkerDeps(env, location));
    return (request, bindings, ctx) => app.fetch(request, bindings, ctx);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // Logged once per isolate, not per request; the message names variables, never their values.
    console.error(JSON.stringify({ level: 'error', event: 'config_invalid', detail: error.message }));
    return () => configFailureResponse(error.message);
  }
}
