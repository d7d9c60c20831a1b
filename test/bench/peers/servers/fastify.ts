import { createFastifyApp } from '../fastify-app.js';
import { PORT, seededStore } from './seeded.js';

/** Peer server: the Fastify app (test/bench/peers/fastify-app.ts) on its own listener. */
const app = await createFastifyApp(await seededStore());
await app.listen({ port: PORT, host: '127.0.0.1' });
