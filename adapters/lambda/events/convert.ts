import { albRequest, albResult } from './alb.js';
import { apiGatewayV1Request, apiGatewayV1Result } from './apigw-v1.js';
import { apiGatewayV2Request, apiGatewayV2Result } from './apigw-v2.js';
import type {
  AlbEvent,
  ApiGatewayV1Event,
  ApiGatewayV2Event,
  ConvertedRequest,
  EventShape,
  HttpEvent,
  HttpResult,
} from './types.js';

/**
 * Which front door sent `event`. ALB is told by `requestContext.elb`; payload 2.0 by `version` and
 * `requestContext.http` — never by `rawPath` alone, which REST APIs behind a base-path mapping carry
 * too (hono#5015). A Function URL is a 2.0 event whose domain is `<id>.lambda-url.<region>.on.aws`.
 * Anything else with `httpMethod` is payload 1.0. Returns `undefined` for non-HTTP events.
 */
export function eventShape(event: unknown): EventShape | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const candidate = event as { version?: unknown; httpMethod?: unknown; requestContext?: unknown };
  const context = candidate.requestContext;
  if (typeof context !== 'object' || context === null) return undefined;
  if ('elb' in context) return 'alb';
  if (candidate.version === '2.0' && 'http' in context) {
    const domain = (context as { domainName?: unknown }).domainName;
    return typeof domain === 'string' && domain.includes('.lambda-url.') ? 'function-url' : 'apigw-v2';
  }
  return typeof candidate.httpMethod === 'string' ? 'apigw-v1' : undefined;
}

export function toRequest(shape: EventShape, event: HttpEvent): ConvertedRequest {
  switch (shape) {
    case 'alb':
      return albRequest(event as AlbEvent);
    case 'apigw-v1':
      return apiGatewayV1Request(event as ApiGatewayV1Event);
    case 'apigw-v2':
    case 'function-url':
      return apiGatewayV2Request(event as ApiGatewayV2Event);
  }
}

/** `method` is the request's: a HEAD response carries no body. */
export function toResult(shape: EventShape, event: HttpEvent, response: Response, method: string): Promise<HttpResult> {
  switch (shape) {
    case 'alb':
      return albResult(event as AlbEvent, response, method);
    case 'apigw-v1':
      return apiGatewayV1Result(response, method);
    case 'apigw-v2':
    case 'function-url':
      return apiGatewayV2Result(response, method);
  }
}
