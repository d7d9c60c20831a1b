import type { Hono } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { AppEnv } from './env.js';

/**
 * The methods `path` has routes for (a GET route also allows HEAD), as Hono's `methodNotAllowed`
 * middleware computes them, but asked only by the not-found handler: a request that matches a route
 * pays nothing, where the middleware was one more async step on every request. The table is read
 * from the app's routes on first use, after every route is mounted.
 */
export function routeMethods(app: Hono<AppEnv>): (path: string) => string[] {
  let router: TrieRouter<string[]> | undefined;
  return (path) => {
    router ??= methodRouter(app);
    const methods = new Set<string>();
    for (const [allowed] of router.match('ALL', path)[0]) for (const method of allowed) methods.add(method);
    return [...methods];
  };
}

function methodRouter(app: Hono<AppEnv>): TrieRouter<string[]> {
  const byPath = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.method === 'HEAD') continue; // middleware, or implied by GET
    const methods = byPath.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === 'GET') methods.add('HEAD');
    byPath.set(route.path, methods);
  }
  const router = new TrieRouter<string[]>();
  for (const [path, methods] of byPath) router.add('ALL', path, [...methods]);
  return router;
}
