import * as v from 'valibot';
import { type FieldError, HttpProblem } from './problem.js';

export type InputPart = 'body' | 'query' | 'path';

/**
 * Validate `input` against `schema`; on failure a 400 `validation-failed` problem listing every
 * issue — as a JSON Pointer into the body, or by query/path parameter name.
 */
export function validate<TSchema extends v.GenericSchema>(
  schema: TSchema,
  input: unknown,
  part: InputPart,
): v.InferOutput<TSchema> {
  if (part === 'body' && Array.isArray(input) && /object/.test(schema.type)) {
    // valibot would walk the array's indexes as unknown fields ("/0: is not a known field").
    const detail = 'must be a JSON object (an object is expected, not an array)';
    throw new HttpProblem('validation-failed', `the body: ${detail}.`, { errors: [{ pointer: '', detail }] });
  }
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const errors = result.issues.map((issue) => fieldError(issue, part));
  const first = errors[0];
  const where = first ? ('pointer' in first ? first.pointer || 'the body' : first.parameter) : part;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new HttpProblem('validation-failed', `${where}: ${first?.detail ?? 'is invalid'}${more}.`, { errors });
}

function fieldError(issue: v.BaseIssue<unknown>, part: InputPart): FieldError {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  const detail = describe(issue);
  if (part === 'body')
    return {
      pointer: keys
        .map(escapePointer)
        .map((k) => `/${k}`)
        .join(''),
      detail,
    };
  return { parameter: keys[0] ?? part, detail };
}

const TYPE_NAMES: Record<string, string> = {
  Object: 'a JSON object',
  Array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

/** valibot's default messages name internal types; these say what to fix. */
function describe(issue: v.BaseIssue<unknown>): string {
  if (issue.kind !== 'schema') return issue.message;
  if (issue.type === 'strict_object' && issue.expected === 'never') return 'is not a known field';
  if (issue.received === 'undefined') return 'is required';
  const expected = issue.expected ?? 'valid';
  return `must be ${TYPE_NAMES[expected] ?? expected}`;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
