import { type ConnectEnv, routeConnect } from './realtime-connect.js';

// The realtime Worker: each user's socket object, on the WebSocket Hibernation API. A Worker of its
// own (realtime.wrangler.toml), so the API Worker's bundle pays only for the ticket route and the
// handshake's hand-off; the API Worker binds `SocketObject` by `script_name`.
export { SocketObject } from './socket-object.js';

export default {
  /** `/v1/realtime/connect?ticket=` when clients connect here directly (`REALTIME_URL`). */
  fetch(request: Request, env: ConnectEnv): Promise<Response> {
    return routeConnect(request, env);
  },
};
