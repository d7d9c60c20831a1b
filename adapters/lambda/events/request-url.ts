/** Pieces of the request URL that more than one event shape builds the same way. */

/**
 * Remove a leading `/{stage}` segment. HTTP APIs prefix a named stage to `rawPath`
 * (powertools-python#621); `$default` is never prefixed.
 */
export function stripStage(path: string, stage: string | undefined): string {
  if (!stage || stage === '$default') return path;
  const prefix = `/${stage}`;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

/**
 * The part of `clientPath` in front of `appPath`, when `clientPath` ends with it ('' otherwise, and
 * for anything that is not a plain `/segment…` prefix: a guess must never produce a wrong URL).
 */
export function basePathOf(clientPath: string | undefined, appPath: string): string {
  if (!clientPath || clientPath === appPath || !clientPath.endsWith(appPath)) return '';
  const prefix = clientPath.slice(0, clientPath.length - appPath.length).replace(/\/$/, '');
  return /^(\/[^/?#]+)+$/.test(prefix) ? prefix : '';
}

/** A root-relative `Location` (`/v1/…`, not `//host/…` or absolute) gets the client's base path. */
export function withBasePath(response: Response, basePath: string): Response {
  const location = response.headers.get('location');
  if (!basePath || !location?.startsWith('/') || location.startsWith('//')) return response;
  const headers = new Headers(response.headers);
  headers.set('location', `${basePath}${location}`);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** `a=1&a=2&b=x` from already-encoded pairs; keys with no values are kept as `k=`. */
export function joinQuery(pairs: Array<[string, string]>): string {
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

/** Query pairs from an event's multi-value or single-value parameters, encoded with `encode`. */
export function queryPairs(
  multi: Record<string, string[] | undefined> | null | undefined,
  single: Record<string, string | undefined> | null | undefined,
  encode: (part: string) => string,
): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (multi) {
    for (const [key, values] of Object.entries(multi)) {
      for (const value of values ?? []) pairs.push([encode(key), encode(value)]);
    }
  } else if (single) {
    for (const [key, value] of Object.entries(single)) {
      if (value !== undefined) pairs.push([encode(key), encode(value)]);
    }
  }
  return pairs;
}

export function buildUrl(origin: string, path: string, query: string | undefined): string {
  return query ? `${origin}${path}?${query}` : `${origin}${path}`;
}
