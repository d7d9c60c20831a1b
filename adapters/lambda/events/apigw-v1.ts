import { eventBody, resultBody } from './body.js';
import { eventHeaders } from './header-bytes.js';
import { basePathOf, buildUrl, joinQuery, queryPairs, stripStage } from './request-url.js';
import { splitResponseHeaders } from './response-headers.js';
import type { ApiGatewayV1Event, ApiGatewayV1Result, ConvertedRequest } from './types.js';

/**
 * The path the app routes on. `event.path` carries a custom domain's base path on some
 * deployments and not on others (serverless-express#216 vs hono#5015), and the undocumented
 * `rawPath` there is the path *before* the mapping. The resource template filled with the path
 * parameters is the path relative to the API's root in every case, so REST APIs use that. HTTP
 * APIs sending payload 1.0 have no template (`$default` or a route key): their `path` is like 2.0's
 * `rawPath`.
 */
export function apiGatewayV1Path(event: ApiGatewayV1Event): string {
  const { resource, pathParameters } = event;
  if (!resource?.startsWith('/')) return stripStage(event.path, event.requestContext.stage);
  const filled = resource.replace(/\{([^}+]+)(\+?)\}/g, (_, name: string, greedy: string, at: number) => {
    let value = pathParameters?.[name];
    if (value === undefined) throw new TypeError(`path parameter ${name} missing from the event`);
    // API Gateway hands a greedy `{proxy+}` the path after the template's `/`; events written by
    // `sam local generate-event apigateway aws-proxy` repeat that slash ("proxy": "/{{{path}}}" in
    // its AwsProxy.json template), which would route as `//v1/…`. The segment boundary is the template's.
    if (greedy && value.startsWith('/') && resource[at - 1] === '/') value = value.slice(1);
    return value.split('/').map(encodeURIComponent).join('/');
  });
  return event.path.endsWith('/') && !filled.endsWith('/') ? `${filled}/` : filled;
}

export function apiGatewayV1Request(event: ApiGatewayV1Event): ConvertedRequest {
  const headers = eventHeaders(event.headers, event.multiValueHeaders);
  const host = event.requestContext.domainName ?? headers.get('host') ?? 'localhost';
  // API Gateway hands over decoded query values: encode them again, once.
  const query = joinQuery(
    queryPairs(event.multiValueQueryStringParameters, event.queryStringParameters, encodeURIComponent),
  );
  const method = event.httpMethod.toUpperCase();
  const body = eventBody(method, event.body, event.isBase64Encoded);
  const path = apiGatewayV1Path(event);
  const request = new Request(buildUrl(`https://${host}`, path, query), {
    method,
    headers,
    ...(body ? { body } : {}),
  });
  return {
    request,
    clientIp: event.requestContext.identity?.sourceIp ?? undefined,
    // `requestContext.path` is the path the client asked for: `/prod/v1/…` on the execute-api domain,
    // `/<base path>/v1/…` behind a mapping, plain `/v1/…` on a custom domain's root.
    basePath: basePathOf(event.requestContext.path, path),
  };
}

/** Cookies go in `multiValueHeaders` (API Gateway merges it with `headers`), one entry each. */
export async function apiGatewayV1Result(response: Response, method: string): Promise<ApiGatewayV1Result> {
  const { single, cookies } = splitResponseHeaders(response.headers);
  return {
    statusCode: response.status,
    headers: single,
    ...(cookies.length > 0 ? { multiValueHeaders: { 'set-cookie': cookies } } : {}),
    ...(await resultBody(response, method)),
  };
}
