import { inject } from 'vitest';
import { signDevToken } from '../../../src/auth/dev-token.js';
import type { HttpTarget } from '../../contract/http.js';
import { socketFetch } from '../../contract/http/socket-fetch.js';
import { WORKER_VARS, WORKERS } from './workers.js';

/** The loopback URL of Worker `name` in the run's one workerd (`test/setup/workerd.ts`). */
export function workerUrl(name: string): string {
  const urls = inject('workerdUrls');
  const url = urls?.[name];
  if (!url) throw new Error(`workerd was not started for this run, or has no Worker ${name} (PARLEY_WORKERD=1)`);
  return url;
}

const token: HttpTarget['token'] = (sub, options) =>
  signDevToken({ sub, secret: WORKER_VARS.AUTH_HS256_SECRET, ...options });

/** The KV-backed Worker as the HTTP contract's target: real HTTP to its workerd socket. */
export function workerTarget(): HttpTarget {
  // Workers KV has no compare-and-set, so two racing first requests with one key can both run.
  return { baseUrl: workerUrl(WORKERS.kv), fetch: socketFetch, token, atomicIdempotency: false };
}

/** The DynamoDB-backed Worker as a target. */
export function dynamoWorkerTarget(): HttpTarget {
  return { baseUrl: workerUrl(WORKERS.dynamodb), fetch: socketFetch, token, atomicIdempotency: true };
}

/** The Worker on SQLite-backed Durable Objects (its own classes, in the same script) as a target. */
export function durableObjectWorkerTarget(): HttpTarget {
  return { baseUrl: workerUrl(WORKERS.durableObject), fetch: socketFetch, token, atomicIdempotency: true };
}
