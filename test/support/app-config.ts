import type { AppDeps } from '../../src/deps.js';

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
    },
  };
}
