/**
 * Relaxed Extended JSON (mongoexport's default) writes Int64 values as plain JSON numbers, so
 * `{"n": 9007199254740993}` is exact in the file but `JSON.parse` — which `EJSON.parse` uses, and
 * whose reviver on Node 20 never sees the source text — rounds it to 9007199254740992. Before
 * parsing, every integer literal outside ±(2^53−1) that fits an Int64 is rewritten to canonical
 * `{"$numberLong":"…"}` (the Extended JSON spec parses such an integer as Int64). Integers beyond
 * Int64 stay numbers (the spec makes them doubles). Text inside strings is never touched.
 * https://github.com/mongodb/specifications/blob/master/source/extended-json/extended-json.md
 */
const LONG_DIGITS = /\d{16}/;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

export function protectLargeIntegers(text: string): string {
  // Integers above 2^53 have at least 16 digits; most documents have none, and cost one regex test.
  if (!LONG_DIGITS.test(text)) return text;
  let out = '';
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const next = text.charCodeAt(i);
      const isInteger = next !== 46 /* . */ && next !== 101 /* e */ && next !== 69; /* E */
      if (isInteger && i - start >= 16) {
        const literal = text.slice(start, i);
        const value = BigInt(literal);
        if ((value > SAFE || value < -SAFE) && value <= INT64_MAX && value >= INT64_MIN) {
          out += `${text.slice(copied, start)}{"$numberLong":"${literal}"}`;
          copied = i;
        }
      }
      // Skip the rest of a non-integer literal (fraction, exponent).
      while (i < n && /[0-9.eE+-]/.test(text.charAt(i))) i++;
      continue;
    }
    i++;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
