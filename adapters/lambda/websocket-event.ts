import { type GatewayDeps, onConnect, onDisconnect, onFrame } from '../../src/realtime/gateway.js';

/** The fields of an API Gateway WebSocket proxy event Parley reads (test/fixtures/events/apigw-websocket/). */
export interface WebSocketEventLike {
  requestContext: { routeKey: string; connectionId: string };
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
}

/**
 * One API Gateway WebSocket event → its route's use case (`src/realtime/gateway.ts`) → the
 * integration's answer: `$connect`'s status becomes the handshake's (401/429 refuse it); the other
 * routes answer 200 (frames to the client go through `@connections`, not the route response).
 */
export async function dispatchWebSocketEvent(
  event: WebSocketEventLike,
  deps: GatewayDeps,
): Promise<{ statusCode: number }> {
  const { routeKey, connectionId } = event.requestContext;
  if (routeKey === '$connect') {
    return { statusCode: await onConnect(deps, connectionId, event.queryStringParameters?.ticket ?? '') };
  }
  if (routeKey === '$disconnect') await onDisconnect(deps, connectionId);
  else await onFrame(deps, connectionId, event.body ?? undefined);
  return { statusCode: 200 };
}
