import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../src/http/problem.js';
import { validate } from '../../src/http/validation.js';

function problemOf(run: () => unknown): HttpProblem {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(HttpProblem);
    return error as HttpProblem;
  }
  throw new Error('expected a problem');
}

describe('validate', () => {
  const schema = v.strictObject({ 'a/b~c': v.string(), list: v.array(v.number()) });

  it('points into the body with RFC 6901 escaping', () => {
    const problem = problemOf(() => validate(schema, { 'a/b~c': 1, list: [1, 'x'] }, 'body'));
    expect(problem.status).toBe(400);
    expect(problem.errors).toEqual([
      { pointer: '/a~1b~0c', detail: 'must be a string' },
      { pointer: '/list/1', detail: 'must be a number' },
    ]);
    expect(problem.detail).toBe('/a~1b~0c: must be a string (and 1 more).');
  });

  it('names unknown and missing fields plainly', () => {
    const problem = problemOf(() => validate(schema, { list: [], extra: 1 }, 'body'));
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/a~1b~0c', detail: 'is required' },
        { pointer: '/extra', detail: 'is not a known field' },
      ]),
    );
  });

  it('a root that is not an object points at the whole body', () => {
    const problem = problemOf(() => validate(schema, 'text', 'body'));
    expect(problem.errors).toEqual([{ pointer: '', detail: 'must be a JSON object' }]);
  });

  it('names query parameters', () => {
    const query = v.object({ limit: v.pipe(v.string(), v.regex(/^\d+$/, 'must be a number')) });
    expect(problemOf(() => validate(query, { limit: 'x' }, 'query')).errors).toEqual([
      { parameter: 'limit', detail: 'must be a number' },
    ]);
  });
});
