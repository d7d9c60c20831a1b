import { handle } from 'hono/aws-lambda';
import { createMemoryRepository } from '../../../../src/repository/memory/index.js';
import { createHonoZodApp } from '../hono-zod.js';
import { messageStore } from '../store.js';

/**
 * Lambda peer: the Hono + zod app behind `handle()` from hono/aws-lambda. `handler` logs nothing;
 * `loggedHandler` writes one JSON access line per request straight to stdout, as Parley's Lambda
 * handler does (its EMF line), so the two can be compared with equal logging.
 */
const app = createHonoZodApp(messageStore(createMemoryRepository()));
export const handler = handle(app);
export const loggedHandler = async (event: Parameters<typeof handler>[0], context: Parameters<typeof handler>[1]) => {
  const started = performance.now();
  const result = await handler(event, context);
  const { requestContext } = event as { requestContext: { requestId: string; http: { method: string; path: string } } };
  process.stdout.write(
    `${JSON.stringify({
      level: 'info',
      msg: 'request',
      requestId: requestContext.requestId,
      method: requestContext.http.method,
      path: requestContext.http.path,
      status: result.statusCode,
      durationMs: performance.now() - started,
    })}\n`,
  );
  return result;
};
