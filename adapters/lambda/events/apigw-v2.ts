import { eventBody, resultBody } from './body.js';
import { appendEventHeader } from './header-bytes.js';
import { buildUrl, stripStage } from './request-url.js';
import { splitResponseHeaders } from './response-headers.js';
import type { ApiGatewayV2Event, ApiGatewayV2Result, ConvertedRequest } from './types.js';

/** HTTP API (payload 2.0) and Function URL events: the same shape, the same conversion. */
export function apiGatewayV2Request(event: ApiGatewayV2Event): ConvertedRequest {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) appendEventHeader(headers, name, value);
  }
  if (event.cookies?.length) headers.set('cookie', event.cookies.join('; '));
  const { domainName, stage, http } = event.requestContext;
  const method = http.method.toUpperCase();
  const body = eventBody(method, event.body, event.isBase64Encoded);
  const path = stripStage(event.rawPath, stage);
  // rawQueryString is exactly what the client sent, so it is used as-is (no re-encoding).
  const request = new Request(buildUrl(`https://${domainName}`, path, event.rawQueryString), {
    method,
    headers,
    ...(body ? { body } : {}),
  });
  // The stage is in the client's path only on the execute-api host: a custom domain's API mapping
  // hides it, so a stripped stage is put back in front of a Location there and nowhere else.
  const executeApi = /\.execute-api\.[^.]+\.amazonaws\.com$/.test(domainName);
  return { request, clientIp: http.sourceIp, basePath: executeApi && path !== event.rawPath ? `/${stage}` : '' };
}

/** Each entry of `cookies` becomes one `Set-Cookie`; a `set-cookie` in `headers` would be joined. */
export async function apiGatewayV2Result(response: Response, method: string): Promise<ApiGatewayV2Result> {
  const { single, cookies } = splitResponseHeaders(response.headers);
  return {
    statusCode: response.status,
    headers: single,
    ...(cookies.length > 0 ? { cookies } : {}),
    ...(await resultBody(response, method)),
  };
}
