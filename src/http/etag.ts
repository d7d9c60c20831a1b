import { HttpProblem } from './problem.js';

/** Strong ETag of a versioned resource: its version, quoted (`"3"`). */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/** A parsed `If-Match` / `If-None-Match` value (RFC 9110 §13.1.1–13.1.2). */
export type EntityTagCondition = '*' | Array<{ weak: boolean; tag: string }>;

// entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; etagc = %x21 / %x23-7E / obs-text
const ENTITY_TAG = /^\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*$/;

/** Parse a precondition header; a malformed one is a 400 rather than a silent mismatch. */
export function parseEntityTags(header: string, name = 'If-Match'): EntityTagCondition {
  if (header.trim() === '*') return '*';
  const tags: Array<{ weak: boolean; tag: string }> = [];
  // Split on commas outside quotes (an opaque tag may contain a comma); empty list elements are
  // allowed by the list syntax (RFC 9110 §5.6.1).
  for (const part of header.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    if (part.trim() === '') continue;
    const match = ENTITY_TAG.exec(part);
    if (!match) {
      throw new HttpProblem(
        'invalid-header',
        `${name} must be * or a list of entity tags such as "3" (quotes included).`,
      );
    }
    tags.push({ weak: match[1] !== undefined, tag: match[2] ?? '' });
  }
  if (tags.length === 0) throw new HttpProblem('invalid-header', `${name} is empty.`);
  return tags;
}

/** `If-Match` uses the strong comparison: a weak tag never matches (RFC 9110 §13.1.1). */
export function ifMatchAllows(condition: EntityTagCondition, version: number): boolean {
  if (condition === '*') return true;
  const current = String(version);
  return condition.some((t) => !t.weak && t.tag === current);
}

/** `If-None-Match` uses the weak comparison (RFC 9110 §13.1.2). */
export function ifNoneMatchAllows(condition: EntityTagCondition, version: number | null): boolean {
  if (version === null) return true;
  if (condition === '*') return false;
  const current = String(version);
  return !condition.some((t) => t.tag === current);
}
