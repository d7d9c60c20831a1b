import { ConfigError } from '../../src/config.js';
import { serveRepositoryRpc } from '../../src/repository/rpc.js';
import { httpEntry, lazyStart } from '../../src/startup.js';
import { createWorkerDeps } from './deps.js';
import type { Env } from './env.js';

/**
 * The admin Worker: Parley's repository over authenticated HTTP (`src/repository/rpc.ts`), so a tool
 * running elsewhere — `npm run migrate -- --to kv|durable-object` — writes through the same backend,
 * built by the same `createWorkerDeps` from the same variables and bindings as the API Worker (so a
 * backend added there is served here too). It is its own Worker and bundle
 * (`adapters/cloudflare/admin.wrangler.toml`), deployed for a migration and deleted afterwards; the
 * API Worker's bundle does not grow.
 *
 * Secret `PARLEY_ADMIN_TOKEN` (≥ 32 characters) is the bearer token every call must carry.
 */
interface AdminEnv extends Env {
  PARLEY_ADMIN_TOKEN?: string;
}

let serve: ((request: Request, env: AdminEnv) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: AdminEnv): Promise<Response> {
    serve ??= httpEntry(
      lazyStart({
        build: () => {
          const token = env.PARLEY_ADMIN_TOKEN ?? '';
          const deps = createWorkerDeps(env);
          if (token.length < 32) throw new ConfigError(['PARLEY_ADMIN_TOKEN must be at least 32 characters']);
          return (incoming: Request) => serveRepositoryRpc(deps.repository, incoming, token);
        },
      }),
      (handler: (incoming: Request) => Promise<Response>) => handler,
    );
    return serve(request, env);
  },
};
