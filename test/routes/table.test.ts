import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../../src/http/env.js';
import { OPERATIONS } from '../../src/routes/table.js';
import { inProcessApp } from '../support/app-config.js';

const document = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

type RouteKey = string;

/** `METHOD /path/{param}` for every route the app mounted (middleware excluded). */
function mounted(app: Hono<AppEnv>): RouteKey[] {
  return app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
}

/** The three listings of the API and what each has that another lacks; all empty when they agree. */
function drift(app: Hono<AppEnv>) {
  const routes = new Set(mounted(app));
  const table = new Set(OPERATIONS.map((o) => `${o.method} ${o.path}`));
  const documented = new Set(
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    ),
  );
  const missing = (from: Set<RouteKey>, in_: Set<RouteKey>) => [...from].filter((key) => !in_.has(key)).sort();
  return {
    mountedNotInTable: missing(routes, table),
    tableNotMounted: missing(table, routes),
    tableNotDocumented: missing(table, documented),
    documentedNotInTable: missing(documented, table),
  };
}

const app = () => inProcessApp('table').app;

describe('one operation table', () => {
  it('the mounted routes, OPERATIONS and openapi/openapi.json are the same set', () => {
    expect(drift(app())).toEqual({
      mountedNotInTable: [],
      tableNotMounted: [],
      tableNotDocumented: [],
      documentedNotInTable: [],
    });
    expect(mounted(app())).toHaveLength(OPERATIONS.length);
  });

  it('the check catches a route mounted without a table entry', () => {
    const drifted = app();
    drifted.get('/v1/undocumented', (c) => c.text('works, but no one knows'));
    expect(drift(drifted).mountedNotInTable).toEqual(['GET /v1/undocumented']);
  });

  it('every operation has a unique id, and every operation with path parameters its 404 detail', () => {
    expect(new Set(OPERATIONS.map((o) => o.operationId)).size).toBe(OPERATIONS.length);
    for (const operation of OPERATIONS.filter((o) => o.params))
      expect(operation.notFound, operation.operationId).toBeTruthy();
  });
});
