/**
 * What each AWS front door does around a Lambda function, simulated for the HTTP contract suite: a
 * Fetch `Request` becomes the event that front door would send (shaped as in
 * `test/fixtures/events/`), and the function's result becomes the `Response` the client would get.
 * Written independently of `adapters/lambda/events/`, so a bug there cannot cancel itself out here.
 */

export type FrontDoor = 'apigw-v1' | 'apigw-v2' | 'function-url' | 'alb-multi-value' | 'alb';
export const FRONT_DOORS: FrontDoor[] = ['apigw-v1', 'apigw-v2', 'function-url', 'alb-multi-value', 'alb'];

const CLIENT_IP = '203.0.113.7';
const isUtf8 = (bytes: Uint8Array) => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};
/** Header values on the wire are bytes; AWS hands them to Lambda decoded as UTF-8. */
const unicode = (value: string) => Buffer.from(value, 'latin1').toString('utf8');

async function eventBody(request: Request): Promise<{ body: string | null; isBase64Encoded: boolean }> {
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length === 0) return { body: null, isBase64Encoded: false };
  const type = request.headers.get('content-type') ?? '';
  // API Gateway, Function URLs and ALB base64-encode what is not text. Assumed, not documented:
  // bytes that are not valid UTF-8 arrive base64-encoded too, never as a lossy string.
  const textual = /^(text\/|application\/(.*\+)?json)/i.test(type) && isUtf8(bytes);
  return textual
    ? { body: bytes.toString('utf8'), isBase64Encoded: false }
    : { body: bytes.toString('base64'), isBase64Encoded: true };
}

function headerRecord(request: Request, omit: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!omit.includes(name)) out[name] = unicode(value);
  });
  return out;
}

function rawPairs(search: string): Array<[string, string]> {
  return search
    .replace(/^\?/, '')
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      return at < 0 ? [pair, ''] : [pair.slice(0, at), pair.slice(at + 1)];
    });
}
const decode = (part: string) => decodeURIComponent(part.replace(/\+/g, ' '));

export async function toEvent(door: FrontDoor, request: Request): Promise<unknown> {
  const url = new URL(request.url);
  const { body, isBase64Encoded } = await eventBody(request);
  switch (door) {
    case 'apigw-v1': {
      // A REST API with `ANY /` and `ANY /{proxy+}` on stage `prod`: values arrive decoded.
      const proxy = decode(url.pathname.slice(1));
      const headers = headerRecord(request);
      const multiQuery: Record<string, string[]> = {};
      for (const [key, value] of rawPairs(url.search)) (multiQuery[decode(key)] ??= []).push(decode(value));
      const hasQuery = Object.keys(multiQuery).length > 0;
      return {
        resource: proxy ? '/{proxy+}' : '/',
        path: url.pathname,
        httpMethod: request.method,
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters: hasQuery
          ? Object.fromEntries(Object.entries(multiQuery).map(([k, v]) => [k, v.at(-1)]))
          : null,
        multiValueQueryStringParameters: hasQuery ? multiQuery : null,
        pathParameters: proxy ? { proxy } : null,
        stageVariables: null,
        requestContext: {
          stage: 'prod',
          path: `/prod${url.pathname}`,
          resourcePath: proxy ? '/{proxy+}' : '/',
          domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
          requestId: crypto.randomUUID(),
          identity: { sourceIp: CLIENT_IP },
        },
        body,
        isBase64Encoded,
      };
    }
    case 'apigw-v2':
    case 'function-url': {
      // The HTTP API on named stage `staging` (prefixed to rawPath); a Function URL has only `$default`.
      const stage = door === 'apigw-v2' ? 'staging' : '$default';
      const prefix = door === 'apigw-v2' ? '/staging' : '';
      const cookie = request.headers.get('cookie');
      return {
        version: '2.0',
        routeKey: '$default',
        rawPath: `${prefix}${url.pathname}`,
        rawQueryString: url.search.slice(1),
        ...(cookie ? { cookies: cookie.split(/;\s*/) } : {}),
        headers: headerRecord(request, ['cookie']),
        requestContext: {
          domainName:
            door === 'apigw-v2'
              ? 'abc123.execute-api.eu-west-1.amazonaws.com'
              : 'abcdefghij.lambda-url.eu-west-1.on.aws',
          stage,
          requestId: crypto.randomUUID(),
          http: { method: request.method, path: `${prefix}${decode(url.pathname)}`, sourceIp: CLIENT_IP },
        },
        ...(body === null ? {} : { body }),
        isBase64Encoded,
      };
    }
    case 'alb':
    case 'alb-multi-value': {
      // ALB leaves the query string encoded and appends the peer address to X-Forwarded-For.
      const headers = {
        ...headerRecord(request),
        host: url.host,
        'x-forwarded-proto': 'https',
        'x-forwarded-for': CLIENT_IP,
      };
      const requestContext = {
        elb: {
          targetGroupArn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/parley/0123456789abcdef',
        },
      };
      const common = {
        requestContext,
        httpMethod: request.method,
        path: url.pathname,
        body: body ?? '',
        isBase64Encoded,
      };
      if (door === 'alb') {
        // Multi-value off: one value per name, the last one wins.
        return { ...common, headers, queryStringParameters: Object.fromEntries(rawPairs(url.search)) };
      }
      const multiQuery: Record<string, string[]> = {};
      for (const [key, value] of rawPairs(url.search)) (multiQuery[key] ??= []).push(value);
      return {
        ...common,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        multiValueQueryStringParameters: multiQuery,
      };
    }
  }
}

interface AnyResult {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
  body?: string;
  isBase64Encoded?: boolean;
}

/**
 * The stage each front door's client URL carries in front of the API's paths (`https://…/prod/v1/…`).
 * The suite speaks paths relative to that base, so a root-relative `Location` must come back with the
 * prefix (or the client would follow it off the API), and the suite gets it without.
 */
const BASE_PATHS: Partial<Record<FrontDoor, string>> = { 'apigw-v1': '/prod', 'apigw-v2': '/staging' };

function baseRelativeLocation(door: FrontDoor, headers: Headers): void {
  const base = BASE_PATHS[door];
  const location = headers.get('location');
  if (!base || !location?.startsWith('/')) return;
  if (!location.startsWith(`${base}/`))
    throw new Error(`${door}: Location ${location} lacks the client's base path ${base}`);
  headers.set('location', location.slice(base.length));
}

/** The client's view of a result: API Gateway merges `headers` with `multiValueHeaders`, `cookies` become Set-Cookie. */
export function toResponse(door: FrontDoor, result: unknown): Response {
  const r = result as AnyResult;
  const headers = new Headers();
  const latin1 = (value: string) => Buffer.from(value, 'utf8').toString('latin1');
  if (door === 'alb') {
    if (r.multiValueHeaders) throw new Error('ALB with multi-value headers off ignores multiValueHeaders');
  } else if (door === 'alb-multi-value' && r.headers) {
    throw new Error('ALB with multi-value headers on ignores headers');
  }
  for (const [name, value] of Object.entries(r.headers ?? {})) headers.set(name, latin1(value));
  for (const [name, values] of Object.entries(r.multiValueHeaders ?? {})) {
    headers.delete(name);
    for (const value of values) headers.append(name, latin1(value));
  }
  for (const cookie of r.cookies ?? []) headers.append('set-cookie', cookie);
  baseRelativeLocation(door, headers);
  const bytes = r.body ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  const nullBody = [101, 204, 205, 304].includes(r.statusCode);
  return new Response(nullBody ? null : bytes, { status: r.statusCode, headers });
}
