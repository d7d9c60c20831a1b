import { describe, expect, it } from 'vitest';
import { etagOf, ifMatchAllows, ifNoneMatchAllows, parseEntityTags } from '../../src/http/etag.js';
import { HttpProblem } from '../../src/http/problem.js';

describe('ETags and preconditions (RFC 9110 §13.1)', () => {
  it('a version is a strong, quoted ETag', () => {
    expect(etagOf(3)).toBe('"3"');
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
