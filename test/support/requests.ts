/** A JSON request to Parley as a test sends it: bearer token, JSON body when given, extra headers. */
export function apiRequest(
  url: string | URL,
  method: string,
  token: string,
  json?: unknown,
  headers: Record<string, string> = {},
): Request {
  return new Request(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

/** The request part of a test's `call(…)`: method, path, JSON body, extra headers. */
export type ApiCall = [method: string, path: string, json?: unknown, headers?: Record<string, string>];
