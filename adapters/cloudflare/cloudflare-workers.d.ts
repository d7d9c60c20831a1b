// The part of the runtime module `cloudflare:workers` Parley uses, hand-written after
// https://developers.cloudflare.com/durable-objects/api/base/ and /api/state/ (the full
// @cloudflare/workers-types would replace the DOM types every other target compiles against).
declare module 'cloudflare:workers' {
  export interface DurableObjectState {
    readonly storage: import('../../src/repository/durable-object/storage.js').DurableObjectStorageLike;
    /** Resets the object: its in-memory state and every call in flight are dropped (storage is kept). */
    abort(reason?: string): void;
    // The WebSocket Hibernation API (https://developers.cloudflare.com/durable-objects/best-practices/websockets/).
    acceptWebSocket(socket: WebSocket, tags?: string[]): void;
    getWebSockets(tag?: string): WebSocket[];
    setWebSocketAutoResponse(pair?: WebSocketRequestResponsePair): void;
    getWebSocketAutoResponseTimestamp(socket: WebSocket): Date | null;
  }
  export abstract class DurableObject<Env = unknown> {
    protected ctx: DurableObjectState;
    protected env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}

// Workers globals of the Hibernation API, declared here for the same reason.
interface WebSocket {
  serializeAttachment(value: unknown): void;
  deserializeAttachment(): unknown;
}
declare class WebSocketPair {
  0: WebSocket;
  1: WebSocket;
}
declare class WebSocketRequestResponsePair {
  constructor(request: string, response: string);
}
interface ResponseInit {
  webSocket?: WebSocket | null;
}
