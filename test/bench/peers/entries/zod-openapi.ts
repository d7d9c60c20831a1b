import { createMemoryRepository } from '../../../../src/repository/memory/index.js';
import { createZodOpenApiApp } from '../zod-openapi.js';
import { messageStore } from '../store.js';

/** Module-init entry: the peer app built at import, as a deployed Worker or function would build it. */
const app = createZodOpenApiApp(messageStore(createMemoryRepository()));
export const handler = (request: Request): Response | Promise<Response> => app.fetch(request);
