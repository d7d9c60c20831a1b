import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionHost, InvocationResult } from './lambda-runtime.js';

/**
 * A local stand-in for an API Gateway HTTP API's `$default` stage with one Lambda proxy integration
 * (payload format 2.0), for `npm run dev -- --target aws`. Both directions follow the documented
 * formats (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
 * and the shapes of test/fixtures/events/apigw-v2/:
 * - in: an HTTP request becomes the event: `rawPath`/`rawQueryString` as sent, lower-case headers
 *   with repeated ones joined by commas, `cookies` split out of `Cookie`, `requestContext` with the
 *   method, path, source IP, user agent, request id and time; a body that is not text is base64.
 * - out: a result with `statusCode` is checked as API Gateway checks it (an integer status,
 *   string headers, string cookies, a string body, valid base64 when `isBase64Encoded`) — anything
 *   malformed, and any function error or timeout, is a `502 {"message":"Internal Server Error"}`; a
 *   result without `statusCode` is sent as a 200 JSON body (payload 2.0's documented guess).
 * The stage is `$default` (no stage in the path), as behind a custom domain; named stages are
 * covered by the Lambda contract tests' front doors.
 */
export interface HttpApiOptions {
  /** The function behind the `$default` route. */
  target: FunctionHost;
  /** Loopback port; 0 for a free one. */
  port: number;
  /** Shown as `requestContext.apiId`. Default `local`. */
  apiId?: string;
}

export interface RunningHttpApi {
  url: string;
  stop(): Promise<void>;
}

/** The HTTP API's request payload limit (10 MB). */
const HTTP_API_PAYLOAD_LIMIT = 10 * 1024 * 1024;

export async function startHttpApi(options: HttpApiOptions): Promise<RunningHttpApi> {
  const apiId = options.apiId ?? 'local';
  const server = createServer((request, response) => {
    void handle(request, response, options.target, apiId).catch((error: unknown) => {
      if (!response.headersSent) send(response, gatewayError(500, 'Internal Server Error', ''));
      else response.destroy(error as Error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, target: FunctionHost, apiId: string) {
  const requestId = apiRequestId();
  const body = await readBody(request, HTTP_API_PAYLOAD_LIMIT);
  if (body === 'too large') return send(response, gatewayError(413, 'Request Entity Too Large', requestId));
  const event = httpApiEvent(
    {
      method: request.method ?? 'GET',
      target: request.url ?? '/',
      headers: request.headersDistinct as Record<string, string[]>,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      localPort: request.socket.localPort ?? 0,
    },
    { apiId, requestId, now: new Date() },
  );
  send(response, httpApiResponse(await target.invoke(event), requestId));
}

/** What the front door received, as raw as Node gives it. */
export interface IncomingHttp {
  method: string;
  /** The request target: path and query as sent. */
  target: string;
  /** Every header's values (`IncomingMessage.headersDistinct`), names lower-case. */
  headers: Record<string, string[]>;
  body: Buffer;
  sourceIp: string;
  localPort: number;
}

/** The payload 2.0 event API Gateway sends for `incoming` on the `$default` stage. */
export function httpApiEvent(
  incoming: IncomingHttp,
  context: { apiId: string; requestId: string; now: Date },
): Record<string, unknown> {
  const at = incoming.target.indexOf('?');
  const rawPath = at < 0 ? incoming.target : incoming.target.slice(0, at);
  const rawQueryString = at < 0 ? '' : incoming.target.slice(at + 1);
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(incoming.headers)) {
    if (name !== 'cookie') headers[name] = values.join(',');
  }
  const forwarded = headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwarded ? `${forwarded}, ${incoming.sourceIp}` : incoming.sourceIp;
  headers['x-forwarded-port'] = String(incoming.localPort);
  headers['x-forwarded-proto'] = 'http';
  const cookies = (incoming.headers.cookie ?? [])
    .flatMap((value) => value.split(';'))
    .map((cookie) => cookie.trim())
    .filter(Boolean);
  const query = queryParameters(rawQueryString);
  const host = headers.host ?? `127.0.0.1:${incoming.localPort}`;
  const hasBody = incoming.body.byteLength > 0;
  const textual = hasBody && isText(headers['content-type'] ?? '', incoming.body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: context.apiId,
      domainName: host,
      domainPrefix: host.split('.')[0]!.split(':')[0],
      http: {
        method: incoming.method,
        path: safeDecode(rawPath),
        protocol: 'HTTP/1.1',
        sourceIp: incoming.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: context.requestId,
      routeKey: '$default',
      stage: '$default',
      time: clfTime(context.now),
      timeEpoch: context.now.getTime(),
    },
    ...(hasBody
      ? {
          body: textual ? incoming.body.toString('utf8') : incoming.body.toString('base64'),
          isBase64Encoded: !textual,
        }
      : { isBase64Encoded: false }),
  };
}

export interface GatewayResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
}

/** What the client gets for the function's result, as API Gateway (payload 2.0) builds it. */
export function httpApiResponse(result: InvocationResult, requestId: string): GatewayResponse {
  if (!result.ok) {
    if (result.error.errorType === 'RequestEntityTooLargeException')
      return gatewayError(413, 'Request Entity Too Large', requestId);
    if (result.error.errorType === 'ServiceException') return gatewayError(500, 'Internal Server Error', requestId);
    // A function error, a timeout, a crash: API Gateway's 502.
    return gatewayError(502, 'Internal Server Error', requestId);
  }
  const payload = result.payload;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || !('statusCode' in payload)) {
    return {
      status: 200,
      headers: [
        ['content-type', 'application/json'],
        ['apigw-requestid', requestId],
      ],
      body: Buffer.from(JSON.stringify(payload)),
    };
  }
  const shaped = validResult(payload as Record<string, unknown>);
  if (!shaped) return gatewayError(502, 'Internal Server Error', requestId);
  return { ...shaped, headers: [...shaped.headers, ['apigw-requestid', requestId]] };
}

/** A result with `statusCode`, checked field by field; `undefined` when API Gateway would refuse it. */
function validResult(result: Record<string, unknown>): GatewayResponse | undefined {
  const { statusCode, headers = {}, cookies = [], body, isBase64Encoded = false } = result;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return;
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return;
  if (!Array.isArray(cookies) || !cookies.every((cookie) => typeof cookie === 'string')) return;
  if (body !== undefined && body !== null && typeof body !== 'string') return;
  if (typeof isBase64Encoded !== 'boolean') return;
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) return;
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[\r\n\0]/.test(String(value))) return;
    out.push([name.toLowerCase(), String(value)]);
  }
  for (const cookie of cookies as string[]) {
    if (/[\r\n\0]/.test(cookie)) return;
    out.push(['set-cookie', cookie]);
  }
  const text = typeof body === 'string' ? body : '';
  if (isBase64Encoded && !/^[A-Za-z0-9+/]*={0,2}$/.test(text.replace(/\s/g, ''))) return;
  return { status: statusCode, headers: out, body: Buffer.from(text, isBase64Encoded ? 'base64' : 'utf8') };
}

function gatewayError(status: number, message: string, requestId: string): GatewayResponse {
  return {
    status,
    headers: [
      ['content-type', 'application/json'],
      ['apigw-requestid', requestId],
    ],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

function send(response: ServerResponse, answer: GatewayResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of answer.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [existing, value].flat();
  }
  // A 204/304 has no body, whatever the function said.
  const noBody = answer.status === 204 || answer.status === 304;
  if (!noBody) headers['content-length'] = String(answer.body.byteLength);
  response.writeHead(answer.status, headers);
  response.end(noBody ? undefined : answer.body);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).byteLength;
    if (size > limit) return 'too large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Repeated parameters joined with commas, values decoded (payload 2.0's `queryStringParameters`). */
function queryParameters(raw: string): Record<string, string> | undefined {
  if (raw === '') return undefined;
  const out: Record<string, string> = {};
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const key = safeDecode(at < 0 ? pair : pair.slice(0, at));
    const value = safeDecode(at < 0 ? '' : pair.slice(at + 1));
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Text bodies reach the function as text, everything else base64 (assumed as in the Lambda contract
 * tests' front doors: text, JSON, XML and form types — or no type — that are valid UTF-8).
 */
function isText(contentType: string, body: Buffer): boolean {
  // No type at all: text when it decodes (the documented example's `Hello from Lambda`).
  if (
    contentType !== '' &&
    !/^(text\/|application\/(.*\+)?json|application\/(.*\+)?xml|application\/x-www-form-urlencoded)/i.test(contentType)
  )
    return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
    return true;
  } catch {
    return false;
  }
}

/** `12/Mar/2020:19:03:58 +0000`, as `requestContext.time` is written. */
function clfTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/** API Gateway's request ids look like `JKJaXmPLvHcESHA=`. */
function apiRequestId(): string {
  return randomBytes(10).toString('base64');
}
