import { signDevToken } from '../../../src/auth/dev-token.js';
import { describeRealtimeContract } from '../../contract/realtime.js';
import { workerUrl } from './target.js';
import { WORKER_VARS, WORKERS } from './workers.js';

// The real-time contract against the Workers in workerd: the API Worker on Durable Objects, whose
// conversation objects deliver events through their outboxes to the realtime Worker's per-user
// socket objects (WebSocket Hibernation API). Real WebSockets over workerd's loopback socket.
describeRealtimeContract('workers (workerd, durable-object + realtime Worker)', async () => ({
  baseUrl: workerUrl(WORKERS.realtime),
  token: (sub, options) => signDevToken({ sub, secret: WORKER_VARS.AUTH_HS256_SECRET, ...options }),
  close: async () => {},
}));
