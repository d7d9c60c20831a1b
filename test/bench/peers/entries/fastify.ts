import { createMemoryRepository } from '../../../../src/repository/memory/index.js';
import { createFastifyApp } from '../fastify-app.js';
import { messageStore } from '../store.js';

/** Module-init entry: the Fastify peer built and made ready at import (routes compiled, not listening). */
export const app = await createFastifyApp(messageStore(createMemoryRepository()));
await app.ready();
