import type { Hono } from 'hono';
import document from '../../openapi/openapi.json';
import type { AppEnv } from '../http/env.js';
import { jsonReply } from '../http/reply.js';
import { bind, type RouteHandler } from './bind.js';
import { DOCS_PAGE } from './docs-page.js';
import * as ops from './operations/meta.js';
import type { Services } from './services.js';

/** Serialized once per isolate; the committed document is generated at build time (`npm run openapi`). */
let documentText: string | undefined;

export function mountMeta(app: Hono<AppEnv>, services: Services): void {
  bind(app, services, ops.getHealth, getHealth);
  bind(app, services, ops.getOpenApi, async () => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: (documentText ??= JSON.stringify(document)),
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
