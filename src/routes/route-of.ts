import { UNMATCHED_ROUTE } from '../telemetry/port.js';
import type { Operation } from './operation.js';

/**
 * The table route a method and decoded path belong to, for requests answered before their
 * operation ran (a 401 from the auth middleware, a 413 from the body reader): their telemetry still
 * names the operation. Static paths win over parameters (`/v1/users/me` over `/v1/users/{userId}`),
 * as in the router; HEAD counts as GET. Only called for such answers, never on the hot path.
 */
export function routeMatcher(operations: readonly Operation[]): (method: string, path: string) => string {
  const patterns = operations
    .map((operation) => ({
      method: operation.method,
      route: operation.route,
      params: (operation.path.match(/\{\w+\}/g) ?? []).length,
      pattern: new RegExp(`^${operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
    }))
    .sort((a, b) => a.params - b.params);
  return (method, path) => {
    const asked = method === 'HEAD' ? 'GET' : method;
    return patterns.find((p) => p.method === asked && p.pattern.test(path))?.route ?? UNMATCHED_ROUTE;
  };
}
