/**
 * `build` run on the first call only; every later call returns the same value. The schemas are
 * built this way rather than at module level: building all of them cost every cold start about
 * 2 ms, while a request needs only its own route's, and the OpenAPI generator needs one
 * object per schema (it names shared schemas by identity).
 */
export function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
