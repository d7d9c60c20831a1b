import { lazyStart } from '../../src/startup.js';
import { createRealtimeLambdaDeps } from './realtime-deps.js';
import { dispatchWebSocketEvent, type WebSocketEventLike } from './websocket-event.js';

const start = lazyStart({ build: () => createRealtimeLambdaDeps(process.env) });

/** The API Gateway WebSocket API's `$connect`, `$disconnect` and `$default` routes (one function). */
export async function handler(event: WebSocketEventLike): Promise<{ statusCode: number }> {
  return dispatchWebSocketEvent(event, await start());
}
