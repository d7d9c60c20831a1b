import { eventBody, resultBody } from './body.js';
import { eventHeaders } from './header-bytes.js';
import { buildUrl, joinQuery, queryPairs } from './request-url.js';
import { splitResponseHeaders } from './response-headers.js';
import type { AlbEvent, AlbResult, ConvertedRequest } from './types.js';

/** Whether the target group has multi-value headers on: it then sends (and expects) `multiValueHeaders`. */
export function isMultiValueAlb(event: AlbEvent): boolean {
  return event.multiValueHeaders !== undefined;
}

export function albRequest(event: AlbEvent): ConvertedRequest {
  const headers = eventHeaders(event.headers, event.multiValueHeaders);
  const proto = headers.get('x-forwarded-proto') ?? 'https';
  const host = headers.get('host') ?? 'localhost';
  // ALB passes query keys and values still percent-encoded: encoding them again would double-encode.
  const query = joinQuery(
    queryPairs(event.multiValueQueryStringParameters, event.queryStringParameters, (part) => part),
  );
  const method = event.httpMethod.toUpperCase();
  const body = eventBody(method, event.body, event.isBase64Encoded);
  const request = new Request(buildUrl(`${proto}://${host}`, event.path, query), {
    method,
    headers,
    ...(body ? { body } : {}),
  });
  // ALB forwards the client's path as it is: nothing to put back in front of a Location.
  return { request, clientIp: lastForwardedFor(headers.get('x-forwarded-for')), basePath: '' };
}

/**
 * ALB appends the address it saw as the LAST `X-Forwarded-For` entry; earlier entries come from the
 * client and can be forged (hono security fix 41adbf56).
 */
export function lastForwardedFor(value: string | null): string | undefined {
  const last = value?.split(',').pop()?.trim();
  return last || undefined;
}

/**
 * With multi-value headers off, ALB forwards one value per header, so only one `Set-Cookie` can
 * reach the client: the LAST one is kept (a later cookie of the same name wins in browsers too),
 * and joining them with commas would corrupt cookies whose `Expires` contains a comma.
 */
export async function albResult(event: AlbEvent, response: Response, method: string): Promise<AlbResult> {
  const { single, cookies } = splitResponseHeaders(response.headers);
  // Loaded by the first ALB result, not with the bundle: importing node:http costs every cold start
  // milliseconds, and only ALB results need its reason phrases.
  const { STATUS_CODES } = await import('node:http');
  const base = {
    statusCode: response.status,
    statusDescription: `${response.status} ${STATUS_CODES[response.status] ?? 'Unknown'}`,
    ...(await resultBody(response, method)),
  };
  if (isMultiValueAlb(event)) {
    const multiValueHeaders: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(single)) multiValueHeaders[name] = [value];
    if (cookies.length > 0) multiValueHeaders['set-cookie'] = cookies;
    return { ...base, multiValueHeaders };
  }
  const lastCookie = cookies.at(-1);
  return { ...base, headers: lastCookie === undefined ? single : { ...single, 'set-cookie': lastCookie } };
}
