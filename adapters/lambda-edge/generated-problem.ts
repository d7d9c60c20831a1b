import { HttpProblem, problemResponse } from '../../src/http/problem.js';
import type { EdgeEventLimits } from './event-limits.js';

/** Problems only the edge adapter can detect, answered before or after the app runs. */

/** CloudFront truncated the body (`inputTruncated`): 413, never a cut message. */
export function bodyTruncated(requestId: string, limits: EdgeEventLimits): Response {
  const problem = new HttpProblem(
    'payload-too-large',
    `The request body is larger than CloudFront passes to an edge function on ${limits.eventType} (${limits.sizeLabel}); Parley accepts at most 64 KiB.`,
  );
  return problemResponse(problem, requestId);
}

/**
 * The app's response exceeds what CloudFront lets a function generate on this event (1 MB on
 * origin-request, 40 KB on viewer-request); sending it would make CloudFront answer a bare 502, so
 * this says why instead.
 */
export function responseTooLarge(requestId: string, limits: EdgeEventLimits): Response {
  const problem = new HttpProblem(
    'response-too-large',
    `The response exceeds the ${limits.sizeLabel} an edge function may return on ${limits.eventType}; request a smaller page with \`limit\`.`,
  );
  return problemResponse(problem, requestId);
}
