import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256 } from '../../src/http/fingerprint.js';

describe('request fingerprints', () => {
  it('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(canonicalJson([{ a: 1 }, { a: 1 }])).not.toBe(canonicalJson([{ a: 1 }]));
    expect(canonicalJson('x"y')).toBe('"x\\"y"');
  });

  it('sha256 is base64url without padding', async () => {
    // SHA-256("abc") = ba7816bf…15ad
    expect(await sha256('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});
