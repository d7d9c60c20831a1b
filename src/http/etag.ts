import { HttpProblem } from './problem.js';

/**
 * Strong ETag of a versioned resource's representation: `"<version>.<digest>"`, the stored record's
 * version and a digest (32-bit FNV-1a, base 36) of the exact JSON `body` sent. The digest makes the
 * tag change whenever the representation does, also where the version does not (a conversation's
 * `lastActivityAt` moves with every message; its caller-specific fields differ per caller), as a
 * strong validator must (RFC 9110 §8.8.1). `If-Match` on writes checks the version part only (the
 * write is against the stored record), so `"3"` alone works too.
 */
export function etagOf(version: number, body: string): string {
  return `"${version}.${digest(body)}"`;
}

/** 32-bit FNV-1a over the UTF-16 code units: a few lines, no dependency, stable across runtimes. */
function digest(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/** The version an entity tag names: the part before the digest (`"3.k2x9"` → `3`). */
function versionPart(tag: string): string {
  const dot = tag.indexOf('.');
  return dot === -1 ? tag : tag.slice(0, dot);
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

/**
 * `If-Match` uses the strong comparison: a weak tag never matches (RFC 9110 §13.1.1). The stored
 * version is what a write is conditional on, so the tag's version part is compared.
 */
export function ifMatchAllows(condition: EntityTagCondition, version: number): boolean {
  if (condition === '*') return true;
  const current = String(version);
  return condition.some((t) => !t.weak && versionPart(t.tag) === current);
}

/** An `If-Match` of weak tags only can never match; say so instead of "the resource has changed". */
export function onlyWeakTags(condition: EntityTagCondition): boolean {
  return condition !== '*' && condition.every((t) => t.weak);
}

/** `If-None-Match` on a write (`PUT /v1/users/me`): the weak comparison of versions (RFC 9110 §13.1.2). */
export function ifNoneMatchAllows(condition: EntityTagCondition, version: number | null): boolean {
  if (version === null) return true;
  if (condition === '*') return false;
  const current = String(version);
  return !condition.some((t) => versionPart(t.tag) === current);
}

/**
 * `If-None-Match` on a GET: whether the representation tagged `etag` is one the client already has
 * (weak comparison of the whole tag, RFC 9110 §13.1.2), so the answer is 304 without a body.
 */
export function notModified(condition: EntityTagCondition, etag: string): boolean {
  if (condition === '*') return true;
  const current = etag.replace(/^W\//, '').slice(1, -1);
  return condition.some((t) => t.tag === current);
}
