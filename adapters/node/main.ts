import { createApp } from '../../src/app.js';
import { ConfigError, parseConfig } from '../../src/config.js';
import { NodeEnvError, readNodeEnv, withoutEmpty } from './env.js';
import { startServer } from './server.js';
import { createStdoutLog } from './stdout-log.js';
import { createNodeRepository } from './storage.js';

/**
 * `node dist/node/server.js` (and the Greengrass component): serve Parley on HOST:PORT until SIGTERM
 * or SIGINT, then stop gracefully and exit 0. Configuration errors exit 1 with the reason, before
 * the port is bound, so a supervisor (systemd, the Greengrass nucleus) sees a failed start.
 */
const log = createStdoutLog();

async function main(): Promise<void> {
  const env = readNodeEnv(process.env);
  const config = parseConfig(withoutEmpty(process.env), env.target);
  const repository = createNodeRepository(env.storage, withoutEmpty(process.env));
  const app = createApp({ config, repository, log });
  const server = await startServer({
    fetch: app.fetch,
    host: env.host,
    port: env.port,
    shutdownTimeoutMs: env.shutdownTimeoutMs,
  });
  log({
    level: 'info',
    msg: 'listening',
    url: server.url,
    target: config.target,
    stage: config.stage,
    storage: repository.backend,
  });

  const stop = (signal: string) => {
    log({ level: 'info', msg: 'shutting down', signal });
    void server.close().then(() => {
      log({ level: 'info', msg: 'stopped' });
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof NodeEnvError;
  log({ level: 'error', msg: known ? error.message : 'failed to start', error: known ? undefined : String(error) });
  process.exit(1);
});
