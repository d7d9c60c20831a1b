/**
 * A tiny client that builds requests from an OpenAPI 3.1 document's operations (by `operationId`),
 * so the end-to-end test exercises the published paths rather than hand-typed ones: a route that
 * drifts from the document fails here.
 */
export interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string } | unknown>>;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

export function openApiClient(baseUrl: string, document: OpenApiDocument) {
  const operations = new Map<string, { method: string; path: string }>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as { operationId?: string } | undefined;
      if (operation?.operationId) operations.set(operation.operationId, { method: method.toUpperCase(), path });
    }
  }

  return {
    operationIds: () => [...operations.keys()],
    async call<T = any>(operationId: string, options: CallOptions = {}): Promise<CallResult<T>> {
      const operation = operations.get(operationId);
      if (!operation) throw new Error(`no operation ${operationId} in the OpenAPI document`);
      const path = operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const value = options.params?.[name];
        if (value === undefined) throw new Error(`${operationId}: missing path parameter ${name}`);
        return encodeURIComponent(value);
      });
      const url = new URL(path, baseUrl);
      for (const [name, value] of Object.entries(options.query ?? {})) {
        if (value !== undefined) url.searchParams.set(name, String(value));
      }
      const headers = new Headers(options.headers);
      if (options.token) headers.set('authorization', `Bearer ${options.token}`);
      if (options.body !== undefined) headers.set('content-type', 'application/json');
      const response = await fetch(url, {
        method: operation.method,
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
    },
  };
}
