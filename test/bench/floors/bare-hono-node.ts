import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { FLOOR_HEALTH } from './health.js';

/** Process-start reference: a bare Hono app with one JSON route on @hono/node-server, 127.0.0.1:$PORT. */
const app = new Hono();
app.get('/health', (c) => c.json(FLOOR_HEALTH));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
