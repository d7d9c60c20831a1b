import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { durableObjectWorkerTarget, workerTarget } from '../../adapters/cloudflare/target.js';
import { WORKER_VARS } from '../../adapters/cloudflare/workers.js';
import { type HardeningTarget, tracked } from './targets.js';

/**
 * Every line workerd printed so far (the Worker's `console.log` goes there), read from the file the
 * run's workerd copies its output to (`test/setup/workerd.ts`), for campaign 7's search.
 */
function workerdLines(): string[] {
  const file = inject('workerdLog');
  return file ? readFileSync(file, 'utf8').split('\n') : [];
}

/** The KV-backed Worker in the run's one workerd, over real HTTP, as a campaign target. */
export async function workerHardeningTarget(): Promise<HardeningTarget> {
  return hardening(workerTarget(), 'worker (workerd, KV)');
}

/** The Worker on SQLite-backed Durable Objects, as a campaign target. */
export async function durableObjectWorkerHardeningTarget(): Promise<HardeningTarget> {
  return hardening(durableObjectWorkerTarget(), 'worker (workerd, Durable Objects)');
}

function hardening(base: ReturnType<typeof workerTarget>, name: string): HardeningTarget {
  return {
    ...base,
    name,
    token: (sub, opts) => tracked(base.token(sub, opts)),
    get logs() {
      return workerdLines();
    },
    secrets: [WORKER_VARS.AUTH_HS256_SECRET, WORKER_VARS.CURSOR_SECRET],
    close: async () => undefined,
  };
}
