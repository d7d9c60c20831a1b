import { Hono } from 'hono';
import { FLOOR_HEALTH } from './health.js';

/** Module-init floor: Hono with one JSON route, bundled like the targets; what any Hono app pays at import. */
const app = new Hono();
app.get('/health', (c) => c.json(FLOOR_HEALTH));

export const handler = (request: Request): Response | Promise<Response> => app.fetch(request);
