import { createNodeDeps } from '../../../adapters/node/deps.js';
import { realtimeUpgrades, withNodeRealtime } from '../../../adapters/node/realtime.js';
import { startServer } from '../../../adapters/node/server.js';
import { createApp } from '../../../src/app.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { describeRealtimeContract } from '../../contract/realtime.js';

// The real-time contract against the Node server: a real loopback socket, `ws` on the server's
// own `upgrade` event, and the in-process hub fed by the repository's committed writes.
const SECRET = 'node-realtime-hs256-secret-0123456789';

describeRealtimeContract('node server (memory)', async () => {
  const env = {
    AUTH_MODE: 'hs256',
    AUTH_HS256_SECRET: SECRET,
    CURSOR_SECRET: 'node-realtime-cursor-secret-0123456789',
    STORAGE_BACKEND: 'memory',
  };
  const { deps, hub } = withNodeRealtime(createNodeDeps(env, 'node', () => {}));
  const realtime = realtimeUpgrades(hub, () => {});
  const server = await startServer({ fetch: createApp(deps).fetch, port: 0, upgrade: realtime.upgrade });
  return {
    baseUrl: server.url,
    token: (sub, options) => signDevToken({ sub, secret: SECRET, ...options }),
    close: async () => {
      realtime.close();
      await server.close();
    },
  };
});
