import type { ConfigSource } from '../../src/config.js';
import type {
  ConversationRpc,
  DurableObjectNamespaceLike,
  HandleRpc,
  IdempotencyRpc,
  UserRpc,
} from '../../src/repository/durable-object/index.js';
import type { BucketLike } from '../../src/media/bucket-store.js';
import type { KvNamespaceLike } from '../../src/repository/kv/index.js';
import type { AnalyticsEngineDatasetLike } from '../../src/telemetry/workers.js';
import type { SocketStub } from './realtime-connect.js';
import type { AssetsBinding } from './asset-documents.js';
import type { ListableBucket } from './local-notify.js';

/**
 * The Worker's bindings: Parley's variables (`ConfigSource`, the same names on every target) plus
 * the Cloudflare-only bindings and secrets. Plain vars are set per environment in `wrangler.toml`;
 * secrets (`AUTH_HS256_SECRET`, `CURSOR_SECRET`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`) come
 * from `wrangler secret put`, or from `.dev.vars` under `wrangler dev`.
 * https://developers.cloudflare.com/workers/configuration/environment-variables/
 */
export interface Env extends ConfigSource {
  /** The Workers KV namespace binding (`STORAGE_BACKEND = "kv"`). */
  PARLEY_KV?: KvNamespaceLike;
  /** Durable Object bindings (`STORAGE_BACKEND = "durable-object"`), classes exported by worker.ts. */
  PARLEY_CONVERSATIONS?: DurableObjectNamespaceLike<ConversationRpc>;
  PARLEY_USERS?: DurableObjectNamespaceLike<UserRpc>;
  PARLEY_HANDLES?: DurableObjectNamespaceLike<HandleRpc>;
  PARLEY_IDEMPOTENCY?: DurableObjectNamespaceLike<IdempotencyRpc>;
  /** The realtime Worker's per-user socket objects (`script_name`): real-time events are on where bound. */
  PARLEY_SOCKETS?: DurableObjectNamespaceLike<SocketStub>;
  /** Service binding to the realtime Worker: `/v1/realtime/connect` handshakes are forwarded there. */
  PARLEY_REALTIME?: { fetch(request: Request): Promise<Response> };
  /** Optional Analytics Engine dataset: one data point per request (`[[analytics_engine_datasets]]`). */
  PARLEY_ANALYTICS?: AnalyticsEngineDatasetLike;
  /** The static assets (`[assets] binding = "ASSETS"`: `public/`, the OpenAPI document and `/docs`). */
  ASSETS?: AssetsBinding;
  /** Secret: credentials for DynamoDB over aws4fetch (`STORAGE_BACKEND = "dynamodb"`). */
  AWS_ACCESS_KEY_ID?: string;
  /** Secret. */
  AWS_SECRET_ACCESS_KEY?: string;
  /** Secret, only for temporary credentials. */
  AWS_SESSION_TOKEN?: string;
  /** The media bucket's binding (the processor Worker; the API Worker presigns through R2's S3 API). */
  PARLEY_MEDIA?: BucketLike & ListableBucket;
  /** The Images binding (the processor Worker): decode, orient, re-encode. */
  IMAGES?: ImagesBindingLike;
  /** Local stage only: the processor's queue, fed by `npm run dev` instead of R2 notifications (local-notify.ts). */
  PARLEY_MEDIA_UPLOADS?: { send(body: unknown): Promise<void> };
}

/** The part of the Images binding the codec uses (https://developers.cloudflare.com/images/transform-images/bindings/). */
export interface ImagesBindingLike {
  info(stream: ReadableStream<Uint8Array>): Promise<{ format: string; width?: number; height?: number }>;
  input(stream: ReadableStream<Uint8Array>): ImageTransformerLike;
}
export interface ImageTransformerLike {
  transform(options: { width?: number; height?: number; fit?: string; rotate?: number }): ImageTransformerLike;
  output(options: {
    format: string;
    quality?: number;
  }): Promise<{ image(): ReadableStream<Uint8Array>; contentType(): string }>;
}

/** The Workers `ExecutionContext` (https://developers.cloudflare.com/workers/runtime-apis/context/), as Hono types it. */
export type { ExecutionContext as WorkerContext } from 'hono';
