import { describe, expect, it } from 'vitest';
import {
  etagOf,
  ifMatchAllows,
  ifNoneMatchAllows,
  notModified,
  onlyWeakTags,
  parseEntityTags,
} from '../../src/http/etag.js';
import { HttpProblem } from '../../src/http/problem.js';

describe('ETags and preconditions (RFC 9110 §13.1)', () => {
  it('an ETag is the version and a digest of the representation: it changes when either does', () => {
    const tag = etagOf(3, '{"a":1}');
    expect(tag).toMatch(/^"3\.[0-9a-z]+"$/);
    expect(etagOf(3, '{"a":1}')).toBe(tag);
    expect(etagOf(3, '{"a":2}')).not.toBe(tag);
    expect(etagOf(4, '{"a":1}')).not.toBe(tag);
  });

  it('If-Match compares the version part, so a full tag and the bare version both work', () => {
    const tag = etagOf(7, '{}').slice(1, -1);
    expect(ifMatchAllows(parseEntityTags(`"${tag}"`), 7)).toBe(true);
    expect(ifMatchAllows(parseEntityTags(`"${tag}"`), 8)).toBe(false);
    expect(onlyWeakTags(parseEntityTags(`W/"${tag}"`))).toBe(true);
    expect(onlyWeakTags(parseEntityTags(`W/"${tag}", "7"`))).toBe(false);
  });

  it('If-None-Match on a GET: the whole tag, weak comparison', () => {
    const tag = etagOf(2, '{"x":true}');
    expect(notModified(parseEntityTags(tag), tag)).toBe(true);
    expect(notModified(parseEntityTags(`W/${tag}`), tag)).toBe(true);
    expect(notModified(parseEntityTags('"2"'), tag)).toBe(false);
    expect(notModified('*', tag)).toBe(true);
  });

  it('parses *, single tags, lists and weak tags', () => {
    expect(parseEntityTags('*')).toBe('*');
    expect(parseEntityTags('"3"')).toEqual([{ weak: false, tag: '3' }]);
    expect(parseEntityTags(' "1" , W/"2",, "a,b" ')).toEqual([
      { weak: false, tag: '1' },
      { weak: true, tag: '2' },
      { weak: false, tag: 'a,b' },
    ]);
  });

  it('rejects malformed values with a 400 problem', () => {
    for (const bad of ['3', '"3', 'W/3', '"3" "4"', '', ' , ', 'w/"3"', '**']) {
      expect(() => parseEntityTags(bad), bad).toThrow(HttpProblem);
    }
  });

  it('If-Match: strong comparison; * matches any version', () => {
    expect(ifMatchAllows('*', 7)).toBe(true);
    expect(ifMatchAllows(parseEntityTags('"7"'), 7)).toBe(true);
    expect(ifMatchAllows(parseEntityTags('"6", "7"'), 7)).toBe(true);
    expect(ifMatchAllows(parseEntityTags('"6"'), 7)).toBe(false);
    expect(ifMatchAllows(parseEntityTags('W/"7"'), 7)).toBe(false);
  });

  it('If-None-Match: weak comparison; * fails when the resource exists', () => {
    expect(ifNoneMatchAllows('*', null)).toBe(true);
    expect(ifNoneMatchAllows('*', 1)).toBe(false);
    expect(ifNoneMatchAllows(parseEntityTags('W/"1"'), 1)).toBe(false);
    expect(ifNoneMatchAllows(parseEntityTags('"2"'), 1)).toBe(true);
  });
});
