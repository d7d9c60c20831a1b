import type { ConfigSource } from '../../src/config.js';
import type { KvNamespaceLike } from '../../src/repository/kv/index.js';

/**
 * The Worker's bindings: the shared Parley variables (`ConfigSource`) plus the Cloudflare-only ones.
 * Plain vars are set per environment in `wrangler.toml`; secrets (`AUTH_HS256_SECRET`,
 * `CURSOR_SECRET`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) come from `wrangler secret put`,
 * or from `.dev.vars` under `wrangler dev`.
 * https://developers.cloudflare.com/workers/configuration/environment-variables/
 */
export interface Env extends ConfigSource {
  /** `kv` (default) or `dynamodb`. */
  STORAGE_BACKEND?: string;
  /** The Workers KV namespace binding, required when `STORAGE_BACKEND` is `kv`. */
  PARLEY_KV?: KvNamespaceLike;
  /** DynamoDB table name, required when `STORAGE_BACKEND` is `dynamodb`. */
  DYNAMODB_TABLE?: string;
  /** AWS region of the table, e.g. `eu-west-1`. */
  AWS_REGION?: string;
  /**
   * Replica Regions of the Global Table, comma-separated (e.g. `us-east-1,eu-west-1,ap-northeast-1`).
   * When set, each isolate talks to the replica nearest to its first request's `request.cf`
   * location and fails over to the next nearest; `AWS_REGION` is then not needed.
   */
  DYNAMODB_REPLICA_REGIONS?: string;
  /** Override of the DynamoDB endpoint (DynamoDB Local); default `https://dynamodb.<region>.amazonaws.com`. */
  DYNAMODB_ENDPOINT?: string;
  /** Secret. */
  AWS_ACCESS_KEY_ID?: string;
  /** Secret. */
  AWS_SECRET_ACCESS_KEY?: string;
  /** Secret, only for temporary credentials. */
  AWS_SESSION_TOKEN?: string;
}

/** The Workers `ExecutionContext` (https://developers.cloudflare.com/workers/runtime-apis/context/), as Hono types it. */
export type { ExecutionContext as WorkerContext } from 'hono';
