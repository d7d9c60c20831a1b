import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.js';
import { jsonReply } from '../http/reply.js';
import { bind, type RouteHandler } from './bind.js';
import { DOCS_PAGE } from './docs-page.js';
import { openApiText } from './openapi-document.js';
import * as ops from './operations/meta.js';
import type { Services } from './services.js';

export function mountMeta(app: Hono<AppEnv>, services: Services): void {
  bind(app, services, ops.getHealth, getHealth);
  bind(app, services, ops.getOpenApi, async () => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    // Generated with openapi.json (`npm run openapi`) and served as the text it is.
    body: await openApiText(),
  }));
  bind(app, services, ops.getDocs, async () => ({
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: DOCS_PAGE,
  }));
}

const getHealth: RouteHandler<typeof ops.getHealth> = async ({ services }) => {
  const { config, repository } = services;
  return jsonReply(200, {
    status: 'ok',
    version: config.version,
    target: config.target,
    stage: config.stage,
    storage: repository.backend,
    ...(await services.health?.()),
  });
};
