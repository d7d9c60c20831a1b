import { decodeTime, isValid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { monotonicUlidFactory } from '../../src/domain/ulid.js';

const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('monotonicUlidFactory', () => {
  it('makes 26-character Crockford ULIDs that carry their time (read back by ulidx)', () => {
    const ulid = monotonicUlidFactory();
    for (const time of [0, 1, 1_700_000_000_123, Date.UTC(2100, 0, 1), 2 ** 48 - 1]) {
      const id = ulid(time);
      expect(id).toMatch(CROCKFORD);
      expect(isValid(id)).toBe(true);
      expect(decodeTime(id)).toBe(time);
    }
  });

  it('defaults to the current time', () => {
    const before = Date.now();
    const time = decodeTime(monotonicUlidFactory()());
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });

  it('sorts in creation order within one millisecond, and keeps the last time when the clock steps back', () => {
    const ulid = monotonicUlidFactory();
    const ids = [ulid(5_000), ...Array.from({ length: 2000 }, () => ulid(5_000)), ulid(4_000), ulid(4_999)];
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.map(decodeTime).every((time) => time === 5_000)).toBe(true);
    const later = ulid(5_001);
    expect(later > ids.at(-1)!).toBe(true);
    expect(decodeTime(later)).toBe(5_001);
  });

  it('draws fresh random digits for a new millisecond', () => {
    const ulid = monotonicUlidFactory();
    const randomParts = new Set(Array.from({ length: 200 }, (_, i) => ulid(10_000 + i).slice(10)));
    expect(randomParts.size).toBe(200);
  });

  it('uses every base32 digit in the random part', () => {
    const ulid = monotonicUlidFactory();
    const seen = new Set(Array.from({ length: 500 }, (_, i) => ulid(i)).flatMap((id) => [...id.slice(10)]));
    expect(seen.size).toBe(32);
  });

  it('carries an increment across digits, and refuses to wrap around', () => {
    let nextFill = 30;
    const ulid = monotonicUlidFactory((bytes) => bytes.fill(nextFill));
    expect(ulid(1).slice(10)).toBe('YYYYYYYYYYYYYYYY');
    expect(ulid(1).slice(10)).toBe('YYYYYYYYYYYYYYYZ');
    expect(ulid(1).slice(10)).toBe('YYYYYYYYYYYYYYZ0');
    nextFill = 31 + 32 * 7; // masked to 31: the largest random part
    const largest = ulid(2);
    expect(largest.slice(10)).toBe('ZZZZZZZZZZZZZZZZ');
    expect(() => ulid(2)).toThrow(RangeError);
    expect(() => ulid(2)).toThrow(RangeError);
    const next = ulid(3);
    expect(decodeTime(next)).toBe(3);
    expect(next > largest).toBe(true);
  });

  it('rejects times a ULID cannot hold', () => {
    const ulid = monotonicUlidFactory();
    for (const time of [-1, 2 ** 48, 1.5, Number.NaN]) expect(() => ulid(time)).toThrow(RangeError);
  });
});
