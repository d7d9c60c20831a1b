import { HttpProblem, problemResponse } from '../../src/http/problem.js';

/** Problems only the edge adapter can detect, answered before or after the app runs. */

/** CloudFront truncated the body (`inputTruncated`): 413, never a cut message. */
export function bodyTruncated(requestId: string): Response {
  const problem = new HttpProblem(
    'payload-too-large',
    'The request body is larger than the edge accepts (1 MB); Parley accepts at most 64 KiB.',
  );
  return problemResponse(problem, requestId);
}

/**
 * The app's response exceeds what CloudFront lets a function generate; sending it would make
 * CloudFront answer a bare 502, so this says why instead.
 */
export function responseTooLarge(requestId: string): Response {
  const problem = new HttpProblem(
    'response-too-large',
    'The response exceeds the 1 MB an edge function may return; request a smaller page with `limit`.',
  );
  return problemResponse(problem, requestId);
}
