import { expect } from 'vitest';
import { HttpProblem } from '../../src/http/problem.js';

/** The `HttpProblem` `promise` rejects with (the test fails if it resolves or rejects otherwise). */
export async function problemOf(promise: Promise<unknown>): Promise<HttpProblem> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  return error as HttpProblem;
}
