import { createApp } from '../../src/app.js';
import { ConfigError } from '../../src/config.js';
import type { LogSink } from '../../src/http/errors.js';
import { lazyStart } from '../../src/startup.js';
import { NodeEnvError, readNodeEnv } from './env.js';
import { startServer } from './server.js';
import { createStdoutLines } from './stdout-log.js';
import { createNodeDeps, publicUrl } from './deps.js';
import { realtimeUpgrades, withNodeRealtime } from './realtime.js';

/**
 * `node dist/node/server.js` (and the Greengrass component): serve Parley on HOST:PORT until SIGTERM
 * or SIGINT, then stop gracefully and exit 0. The app is built by the shared lifecycle
 * (`lazyStart`), at once rather than on the first request: a configuration error exits 1 with the
 * reason before the port is bound, so a supervisor (systemd, the Greengrass nucleus) sees a failed start.
 */
// One buffer for both, so the lines keep their order: JSON log entries and the EMF request lines.
const lines = createStdoutLines();
const log: LogSink = (entry) => lines(JSON.stringify(entry));

async function main(): Promise<void> {
  const env = readNodeEnv(process.env);
  const start = lazyStart({ log, build: () => createNodeDeps(process.env, env.target, log, lines) });
  const { deps, hub } = withNodeRealtime(await start());
  const { config } = deps;
  const app = createApp(deps);
  const { mediaRequests } = deps;
  if (process.env.MEDIA_PUBLIC_URL) publicUrl.value = process.env.MEDIA_PUBLIC_URL.replace(/\/$/, '');
  const realtime = realtimeUpgrades(hub, log);
  const server = await startServer({
    // The directory media store's signed URLs (`/media/…`) are this server's too.
    fetch: mediaRequests ? async (request) => (await mediaRequests(request)) ?? app.fetch(request) : app.fetch,
    host: env.host,
    port: env.port,
    shutdownTimeoutMs: env.shutdownTimeoutMs,
    upgrade: realtime.upgrade,
  });
  if (!process.env.MEDIA_PUBLIC_URL) publicUrl.value = server.url;
  log({
    level: 'info',
    msg: 'listening',
    url: server.url,
    target: config.target,
    stage: config.stage,
    storage: deps.repository.backend,
  });

  const stop = (signal: string) => {
    log({ level: 'info', msg: 'shutting down', signal });
    realtime.close();
    void server.close().then(() => {
      log({ level: 'info', msg: 'stopped' });
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  // `lazyStart` has logged a failed build already; the server's own settings are checked before it.
  if (error instanceof NodeEnvError) log({ level: 'error', msg: error.message });
  else if (!(error instanceof ConfigError)) log({ level: 'error', msg: 'failed to start', error: String(error) });
  process.exit(1);
});
