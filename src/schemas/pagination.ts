import * as v from 'valibot';
import { LIMITS } from '../domain/rules.js';
import { UlidSchema } from './common.js';
import { once } from './once.js';

const Limit = once(() =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,3}$/, `must be an integer from 1 to ${LIMITS.pageSize}`),
      v.transform(Number),
      v.number(),
      v.integer(),
      v.minValue(1, `must be an integer from 1 to ${LIMITS.pageSize}`),
      v.maxValue(LIMITS.pageSize, `must be an integer from 1 to ${LIMITS.pageSize}`),
      v.metadata({ default: LIMITS.defaultPageSize }),
      v.description(`Page size, 1–${LIMITS.pageSize} (default ${LIMITS.defaultPageSize}).`),
    ),
  ),
);

const Cursor = once(() =>
  v.optional(
    v.pipe(
      v.string(),
      v.minLength(1, 'must not be empty'),
      v.maxLength(LIMITS.cursor, 'is not a cursor this API issued'),
      v.description('`nextCursor` of the previous page, unchanged. Cursors are opaque and tamper-evident.'),
    ),
  ),
);

export const PageQuery = once(() => v.object({ limit: Limit(), cursor: Cursor() }));

export const MessagePageQuery = once(() =>
  v.object({
    limit: Limit(),
    cursor: Cursor(),
    after: v.optional(v.pipe(UlidSchema(), v.description('Only messages newer than this message id (client sync).'))),
  }),
);
