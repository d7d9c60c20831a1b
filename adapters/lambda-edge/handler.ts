import { createApp } from '../../src/app.js';
import { httpEntry, lazyStart } from '../../src/startup.js';
import { bakedEdgeConfig } from './build-config.js';
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from './cloudfront-event.js';
import { createEdgeDeps } from './deps.js';
import type { DeadlineBindings } from '../../src/http/deadline.js';
import { limitsForEvent } from './event-limits.js';
import { bodyTruncated, responseTooLarge } from './generated-problem.js';
import { ResponseTooLargeError, toResult } from './to-result.js';
import { toRequest } from './to-request.js';

/** The paths Parley answers; every other one goes on to the origin untouched. */
export function servesPath(uri: string): boolean {
  return (
    uri === '/v1' ||
    uri.startsWith('/v1/') ||
    uri === '/health' ||
    uri === '/openapi.json' ||
    uri === '/docs' ||
    uri === '/docs/'
  );
}

const serve = httpEntry(
  lazyStart({ build: () => createApp(createEdgeDeps(bakedEdgeConfig(), process.env)) }),
  (app) => app.fetch,
);

/** The fields of the Lambda context Parley reads. https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html */
export interface EdgeContext {
  getRemainingTimeInMillis?: () => number;
}

/**
 * CloudFront origin-request or viewer-request handler (async, two parameters: a three-parameter
 * handler is taken for the callback style, which Node 24 runtimes refuse). Returns a generated
 * response for Parley's paths and the request itself for the rest. The limits are the ones of the
 * event received (`limitsForEvent`: 1 MB / 40 KB generated responses, per-event read-only headers);
 * an answer above them becomes the `response-too-large` problem. The time Lambda still grants the
 * invocation (30 s origin, 5 s viewer) bounds the request's store calls. The app is built on first
 * use and kept for the container's life (`lazyStart`), so the JWKS cache and replica health survive
 * between requests; an unconfigured bundle answers a problem+json instead of throwing.
 */
export async function handler(
  event: CloudFrontRequestEvent,
  context?: EdgeContext,
): Promise<CloudFrontRequest | CloudFrontResultResponse> {
  const record = event?.Records?.[0];
  if (!record?.cf?.request) throw new TypeError('expected a CloudFront event with Records[0].cf.request');
  const { request, config } = record.cf;
  const limits = limitsForEvent(config?.eventType);
  if (!servesPath(request.uri)) return request;

  // CloudFront cut the body (1 MB origin, 40 KB viewer): refuse rather than process a shortened message.
  if (request.body?.inputTruncated) return toResult(bodyTruncated(config.requestId, limits), request.method, limits);

  const bindings: DeadlineBindings = { timeRemainingMs: context?.getRemainingTimeInMillis?.() };
  const response = await serve(toRequest(record), bindings);
  try {
    return await toResult(response, request.method, limits);
  } catch (error) {
    if (!(error instanceof ResponseTooLargeError)) throw error;
    const requestId = response.headers.get('x-request-id') ?? config.requestId;
    return toResult(responseTooLarge(requestId, limits), request.method, limits);
  }
}
