import { createMemoryRepository } from '../../../../src/repository/memory/index.js';
import { createChanfanaApp } from '../chanfana.js';
import { messageStore } from '../store.js';

/** Module-init entry: the peer app built at import, as a deployed Worker or function would build it. */
const app = createChanfanaApp(messageStore(createMemoryRepository()));
export const handler = (request: Request): Response | Promise<Response> => app.fetch(request);
