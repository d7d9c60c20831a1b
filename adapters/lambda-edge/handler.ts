import { createApp } from '../../src/app.js';
import { httpEntry, lazyStart } from '../../src/startup.js';
import { bakedEdgeConfig } from './build-config.js';
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontResultResponse } from './cloudfront-event.js';
import { createEdgeDeps } from './deps.js';
import { bodyTruncated, responseTooLarge } from './generated-problem.js';
import { ResponseTooLargeError, toResult } from './to-result.js';
import { toRequest } from './to-request.js';

/** The paths Parley answers; every other one goes on to the origin untouched. */
export function servesPath(uri: string): boolean {
  return uri === '/v1' || uri.startsWith('/v1/') || uri === '/health' || uri === '/openapi.json' || uri === '/docs';
}

const serve = httpEntry(
  lazyStart({ build: () => createApp(createEdgeDeps(bakedEdgeConfig(), process.env)) }),
  (app) => app.fetch,
);

/**
 * CloudFront origin-request handler (async, two parameters: a three-parameter handler is taken for
 * the callback style, which Node 24 runtimes refuse). Returns a generated response for Parley's
 * paths and the request itself for the rest. The app is built on first use and kept for the
 * container's life (`lazyStart`), so the JWKS cache and replica health survive between requests; an
 * unconfigured bundle answers a problem+json instead of throwing.
 */
export async function handler(
  event: CloudFrontRequestEvent,
  _context?: unknown,
): Promise<CloudFrontRequest | CloudFrontResultResponse> {
  const record = event?.Records?.[0];
  if (!record?.cf?.request) throw new TypeError('expected a CloudFront event with Records[0].cf.request');
  const { request, config } = record.cf;
  if (!servesPath(request.uri)) return request;

  // CloudFront cut the body at 1 MB: refuse rather than process a silently shortened message.
  if (request.body?.inputTruncated) return toResult(bodyTruncated(config.requestId), request.method);

  const response = await serve(toRequest(record));
  try {
    return await toResult(response, request.method);
  } catch (error) {
    if (!(error instanceof ResponseTooLargeError)) throw error;
    const requestId = response.headers.get('x-request-id') ?? config.requestId;
    return toResult(responseTooLarge(requestId), request.method);
  }
}
