import * as v from 'valibot';
import { PROBLEM_BASE, PROBLEM_TYPES } from '../http/problem-types.js';
import { once } from './once.js';

/** One invalid part of a request: `pointer` (RFC 6901) into the JSON body, or a query/path `parameter`. */
export const ProblemFieldSchema = once(() =>
  v.strictObject({
    pointer: v.optional(
      v.pipe(v.string(), v.description('JSON Pointer into the request body, e.g. `/participantIds/3`.')),
    ),
    parameter: v.optional(v.pipe(v.string(), v.description('Name of the query or path parameter.'))),
    detail: v.string(),
  }),
);

/** RFC 9457 problem details, as every error response carries. */
export const ProblemSchema = once(() =>
  v.strictObject({
    type: v.pipe(
      v.picklist(Object.keys(PROBLEM_TYPES).map((slug) => PROBLEM_BASE + slug)),
      v.description('`https://parley.dev/problems/<slug>`; the API description lists every slug.'),
    ),
    title: v.string(),
    status: v.pipe(v.number(), v.integer()),
    detail: v.string(),
    errors: v.optional(v.pipe(v.array(ProblemFieldSchema()), v.description('Validation failures, one per field.'))),
    unknownUserIds: v.optional(
      v.pipe(
        v.array(v.string()),
        v.description('`unknown-participants`: the listed user ids that have no profile, in request order, each once.'),
      ),
    ),
  }),
);

export const HealthSchema = once(() =>
  v.looseObject({
    status: v.literal('ok'),
    version: v.string(),
    target: v.string(),
    stage: v.string(),
    storage: v.pipe(v.string(), v.description('Repository backend: memory, kv, dynamodb or durable-object.')),
  }),
);
