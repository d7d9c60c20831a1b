import { signDevToken } from '../src/auth/dev-token.js';
import { createApp } from '../src/app.js';
import { createMemoryRepository } from '../src/repository/memory/index.js';
import { describeHttpContract } from './contract/http.js';
import { createMemoryMediaStore } from '../src/media/memory-store.js';
import { hs256TestConfig } from './support/app-config.js';
import { EMBEDDED_DOCUMENTS } from '../src/routes/embedded-documents.js';

const { secret, config } = hs256TestConfig('in-process');

// The core app on the memory backend, called through `app.fetch` (no adapter, no socket).
describeHttpContract('in-process app on the memory backend', async () => {
  const app = createApp({
    config,
    repository: createMemoryRepository(),
    media: createMemoryMediaStore(),
    documents: EMBEDDED_DOCUMENTS,
    log: () => {},
  });
  return {
    fetch: async (request) => app.fetch(request),
    token: (sub, opts) => signDevToken({ sub, secret, ...opts }),
  };
});
