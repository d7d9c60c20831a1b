import { serve } from '@hono/node-server';
import { createHonoZodApp } from '../hono-zod.js';
import { PORT, seededStore } from './seeded.js';

/** Peer server: the Hono + hono/jwt + zod-validator app on bare @hono/node-server. */
serve({ fetch: createHonoZodApp(await seededStore()).fetch, port: PORT, hostname: '127.0.0.1' });
