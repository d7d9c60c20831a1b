import { migrateKvStep, type MigrationState, START } from '../../src/migration/kv-to-repository.js';
import { createDurableObjectRepository } from '../../src/repository/durable-object/index.js';
import { createKvReader } from '../../src/repository/kv/index.js';
import { namespacesOf } from './namespaces.js';
import type { Env } from './env.js';

/**
 * A Worker of its own (wrangler.migrate-kv.toml) that moves a KV deployment's data into the
 * Durable Object backend: it binds the same KV namespace as the API Worker and the API Worker's
 * Durable Object classes (`script_name = "parley"`). `POST /migrate {state, limit}` with
 * `Authorization: Bearer <MIGRATE_SECRET>` runs one bounded step and answers the next state and
 * what was written; `scripts/kv-to-durable-objects.ts` calls it until the state is `done`.
 * Kept out of the API Worker so its bundle stays within budget.
 */
interface MigrateEnv extends Env {
  /** Secret: the bearer token the driver sends (≥ 32 characters). */
  MIGRATE_SECRET?: string;
}

export default {
  async fetch(request: Request, env: MigrateEnv): Promise<Response> {
    const secret = env.MIGRATE_SECRET ?? '';
    if (secret.length < 32)
      return Response.json({ error: 'MIGRATE_SECRET (≥ 32 characters) is not set' }, { status: 500 });
    if (!(await sameSecret(request.headers.get('authorization') ?? '', `Bearer ${secret}`))) {
      return Response.json({ error: 'unauthorized' }, { status: 401 });
    }
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/migrate') {
      return Response.json({ error: 'POST /migrate only' }, { status: 404 });
    }
    if (!env.PARLEY_KV) return Response.json({ error: 'PARLEY_KV (KV namespace binding) is missing' }, { status: 500 });
    const body = (await request.json().catch(() => ({}))) as { state?: MigrationState; limit?: number };
    const limit = Math.min(1000, Math.max(1, Math.floor(body.limit ?? 100)));
    const target = createDurableObjectRepository(namespacesOf(env));
    const step = await migrateKvStep(createKvReader(env.PARLEY_KV), target, body.state ?? START, limit);
    return Response.json(step);
  },
};

/** Compares digests, so the time taken says nothing about how much of the secret matched. */
async function sameSecret(given: string, expected: string): Promise<boolean> {
  const digest = async (text: string) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  return a.every((byte, i) => byte === b[i]);
}
