import { toAttribute } from './attribute-value.js';
import type { AttributeMap } from './protocol.js';

export interface SetExpression {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: AttributeMap;
}

/**
 * `SET` every field of `fields` (placeholders `#f0`/`:f0`…, so reserved words such as `name` or
 * `state` never clash). Callers add their own condition placeholders, which must not start with `f`.
 */
export function setFields(fields: Record<string, unknown>): SetExpression {
  const names: Record<string, string> = {};
  const values: AttributeMap = {};
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = toAttribute(value);
      return `#f${i} = :f${i}`;
    });
  return {
    UpdateExpression: `SET ${parts.join(', ')}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
