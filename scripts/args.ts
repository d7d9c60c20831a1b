/**
 * `node:util` `parseArgs` options that take a value, named once each: the scripts' flags are
 * mostly plain strings, and this keeps their lists to the names.
 */
export function stringOptions<const N extends string>(...names: N[]): Record<N, { type: 'string' }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as Record<N, { type: 'string' }>;
}
