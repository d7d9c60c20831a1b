import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestTargetLength } from '../../src/http/request-limits.js';

// The request-line ceiling counts path + query without parsing a URL per request; it must count
// exactly what `URL` would.
describe('requestTargetLength', () => {
  const viaUrl = (href: string) => {
    const url = new URL(href);
    return url.pathname.length + url.search.length;
  };

  it.each([
    'http://h/',
    'http://h',
    'http://h/a?',
    'http://h/a?b=1',
    'http://h/a?b=1#frag',
    'http://h/a#frag?x',
    'http://h/a??',
    'https://user:pw@h:8080/a/b?c=d&e=%2F',
    'http://h/?',
  ])('%s', (href) => {
    const serialized = new URL(href).href;
    expect(requestTargetLength(serialized)).toBe(viaUrl(serialized));
  });

  it('matches URL for generated URLs', () => {
    fc.assert(
      fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (href) => {
        const serialized = new URL(href).href;
        expect(requestTargetLength(serialized)).toBe(viaUrl(serialized));
      }),
    );
  });
});
