// The part of the runtime module `cloudflare:workers` Parley uses, hand-written after
// https://developers.cloudflare.com/durable-objects/api/base/ and /api/state/ (the full
// @cloudflare/workers-types would replace the DOM types every other target compiles against).
declare module 'cloudflare:workers' {
  export interface DurableObjectState {
    readonly storage: import('../../src/repository/durable-object/storage.js').DurableObjectStorageLike;
    /** Resets the object: its in-memory state and every call in flight are dropped (storage is kept). */
    abort(reason?: string): void;
  }
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}
