import { signDevToken } from '../../src/auth/dev-token.js';
import { createApp } from '../../src/app.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';
import { describeHttpContract } from '../contract/http.js';

const secret = 'in-process-test-secret-0123456789abcdef';

// The core app on the memory backend, called through `app.fetch` (no adapter, no socket).
describeHttpContract('in-process app on the memory backend', async () => {
  const app = createApp({
    config: {
      stage: 'test',
      target: 'test',
      version: '0.0.0-test',
      auth: { mode: 'hs256', secret },
      cursorSecret: 'in-process-cursor-secret-0123456789abcdef',
    },
    repository: createMemoryRepository(),
    log: () => {},
  });
  return {
    fetch: async (request) => app.fetch(request),
    token: (sub, opts) => signDevToken({ sub, secret, ...opts }),
  };
});
