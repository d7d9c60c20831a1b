import { ConfigError, parseConfig, type ParleyConfig } from '../../src/config.js';
import type { AppDeps } from '../../src/deps.js';
import type { Env } from './env.js';
import type { RequestLocation } from '../../src/replicas/index.js';
import { createWorkerStorage, type WorkerStorage } from './storage.js';

/**
 * The Worker's `AppDeps`, from its vars, secrets and bindings. Throws one `ConfigError` naming every
 * bad variable of both halves (Parley's own settings and the storage ones), so a misconfigured
 * deploy is fixed in one round instead of one variable at a time.
 */
export function createWorkerDeps(env: Env, location?: RequestLocation): AppDeps {
  const problems: string[] = [];
  const config = collect(problems, () => parseConfig(env, 'cloudflare'));
  const storage = collect(problems, () => createWorkerStorage(env, location));
  if (!config || !storage) throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  return { config, repository: storage.repository, ...(storage.health ? { health: storage.health } : {}) };
}

function collect<T extends ParleyConfig | WorkerStorage>(problems: string[], build: () => T): T | undefined {
  try {
    return build();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(error.message.replace(/^invalid configuration: /, ''));
    return undefined;
  }
}
