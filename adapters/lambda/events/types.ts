/**
 * Hand-written shapes of the HTTP events Lambda receives and the results it must return, limited to
 * the fields Parley reads. Sources:
 * - REST API (payload 1.0) and HTTP API payload 1.0/2.0:
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 * - Function URLs (payload 2.0): https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html
 * - ALB: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
 */

/** API Gateway REST API proxy event (payload 1.0; also HTTP APIs configured for payload 1.0). */
export interface ApiGatewayV1Event {
  version?: string;
  /** The resource template (`/{proxy+}`), or `$default` / a route key on HTTP APIs with payload 1.0. */
  resource: string;
  /** Includes a custom domain's base path on some deployments (hono#5015, serverless-express#216). */
  path: string;
  httpMethod: string;
  headers?: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  /** Decoded values: API Gateway percent-decodes the query string. */
  queryStringParameters?: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  /** Decoded values of the `{name}` / `{name+}` segments of `resource`. */
  pathParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  /** Present on REST APIs behind a base-path mapping (undocumented, hono#5015); never read here. */
  rawPath?: string;
  requestContext: {
    stage: string;
    domainName?: string;
    path?: string;
    resourcePath?: string;
    requestId?: string;
    identity?: { sourceIp?: string | null } | null;
  };
}

/** HTTP API event (payload 2.0); Function URLs send the same shape with `stage: "$default"`. */
export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey?: string;
  /** Starts with `/{stage}` when the request came through a named stage (powertools-python#621). */
  rawPath: string;
  /** As the client sent it: still percent-encoded. */
  rawQueryString?: string;
  /** The request's `Cookie` header split on `;`; API Gateway drops `cookie` from `headers`. */
  cookies?: string[];
  /** Lower-case names; repeated headers joined with commas. */
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext: {
    domainName: string;
    stage: string;
    requestId?: string;
    http: { method: string; path?: string; sourceIp?: string };
  };
}

/**
 * ALB target-group event. With multi-value headers on, the target group sends `multiValueHeaders` /
 * `multiValueQueryStringParameters` and expects `multiValueHeaders` back; with them off (the
 * default), `headers` / `queryStringParameters`, one value per name, both ways. Query keys and values
 * arrive exactly as the client encoded them: ALB does not decode them.
 */
export interface AlbEvent {
  requestContext: { elb: { targetGroupArn: string } };
  httpMethod: string;
  path: string;
  headers?: Record<string, string | undefined>;
  multiValueHeaders?: Record<string, string[] | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  multiValueQueryStringParameters?: Record<string, string[] | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export type HttpEvent = ApiGatewayV1Event | ApiGatewayV2Event | AlbEvent;

/** Which front door sent an event; decides both conversions. */
export type EventShape = 'apigw-v1' | 'apigw-v2' | 'function-url' | 'alb';

/** REST API / HTTP API payload 1.0 result: `headers` and `multiValueHeaders` are merged by API Gateway. */
export interface ApiGatewayV1Result {
  statusCode: number;
  headers: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

/** HTTP API payload 2.0 / Function URL result: each entry of `cookies` becomes one `Set-Cookie`. */
export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** ALB result: `multiValueHeaders` when the target group has multi-value headers on, else `headers`. */
export interface AlbResult {
  statusCode: number;
  statusDescription: string;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  body: string;
  isBase64Encoded: boolean;
}

export type HttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult;

/** A converted request and what the adapter learnt about its sender. */
export interface ConvertedRequest {
  request: Request;
  /** The client's address as the front door saw it (never a spoofable header where avoidable). */
  clientIp: string | undefined;
  /**
   * What the client's path has in front of the path the app routes on ('' when nothing): the stage
   * of an execute-api URL (`/prod`), a REST API's base-path mapping. Root-relative `Location`s the
   * app sends are prefixed with it, so they resolve where the client called.
   */
  basePath: string;
}
