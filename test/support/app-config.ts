import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import type { AppDeps } from '../../src/deps.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { EMBEDDED_DOCUMENTS } from '../../src/routes/embedded-documents.js';

/**
 * The config of an app built in-process by a test: HS256 with secrets unique to `name` (so no test
 * can verify another's tokens), stage and target `test`.
 */
export function hs256TestConfig(name: string): { secret: string; config: AppDeps['config'] } {
  const secret = `${name}-secret-0123456789abcdefghijkl`;
  return {
    secret,
    config: {
      stage: 'test',
      target: 'test',
      version: '0.0.0-test',
      auth: { mode: 'hs256', secret },
      cursorSecret: `${name}-cursor-0123456789abcdefghijkl`,
      corsOrigins: ['http://localhost:5173'],
    },
  };
}

/** The app in-process on a fresh memory repository, with a token minter for its secret. */
export function inProcessApp(name: string) {
  const { secret, config } = hs256TestConfig(name);
  const app = createApp({ config, repository: createMemoryRepository(), log: () => {}, documents: EMBEDDED_DOCUMENTS });
  return { app, token: (sub: string) => signDevToken({ sub, secret }) };
}
