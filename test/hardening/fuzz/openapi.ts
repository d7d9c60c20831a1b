import { createRequire } from 'node:module';

/** The committed OpenAPI document: what clients are promised, so what the fuzzer reads. */
export type JsonSchema = Record<string, any>;
export interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Array<{ name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: JsonSchema }>;
  bodySchema: JsonSchema | undefined;
  responses: Record<string, { content?: Record<string, { schema: JsonSchema }> }>;
  secured: boolean;
}

export const document = createRequire(import.meta.url)('../../../openapi/openapi.json') as JsonSchema;

/** Follows a local `$ref` (`#/components/...`) until it reaches a schema. */
export function resolve(schema: JsonSchema): JsonSchema {
  let current = schema;
  while (typeof current.$ref === 'string') {
    current = (current.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce((node: any, key) => node[key], document);
  }
  return current;
}

export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!op?.responses) continue;
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        parameters: (op.parameters ?? []).map(resolve),
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
        // Shared answers are `$ref`s into `components.responses`: read what they point at.
        responses: Object.fromEntries(
          Object.entries<JsonSchema>(op.responses).map(([status, r]) => [status, resolve(r)]),
        ),
        secured: (op.security ?? document.security ?? []).length > 0,
      });
    }
  }
  return out;
}
