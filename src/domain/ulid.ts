/**
 * Monotonic ULIDs (https://github.com/ulid/spec): 48 bits of milliseconds and 80 random bits, in
 * Crockford base32. Within one millisecond, or when the clock steps back, a factory increments its
 * previous random part instead, so the ids one factory makes sort in the order it made them.
 *
 * Written here rather than taken from ulidx: ulidx's Node build imports `node:crypto`, which costs
 * every cold start of the Node bundles about 6 ms; Web Crypto's `getRandomValues` is a
 * global on Workers and Node alike.
 */

const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_DIGITS = 10;
const RANDOM_DIGITS = 16;
const TIME_MAX = 2 ** 48 - 1;

/** Makes the next id; `time` (ms since the epoch, default now) is the time the id carries. */
export type UlidFactory = (time?: number) => string;

/** Fills `bytes` with random bytes; Web Crypto by default, replaceable in tests. */
export type RandomFill = (bytes: Uint8Array) => void;

const webCryptoFill: RandomFill = (bytes) => {
  crypto.getRandomValues(bytes);
};

/**
 * A factory of ULIDs that increase strictly, each carrying the time it was made at (or the last
 * time it used, if the clock went back). Throws a `RangeError` for a time ULIDs cannot hold, and
 * if 2^80 ids were asked for within one millisecond.
 */
export function monotonicUlidFactory(fill: RandomFill = webCryptoFill): UlidFactory {
  let lastTime = -1;
  // One base32 digit (0–31) per byte: 256 is a multiple of 32, so masking keeps them uniform.
  const random = new Uint8Array(RANDOM_DIGITS);
  return (time = Date.now()) => {
    if (!Number.isInteger(time) || time < 0 || time > TIME_MAX) throw new RangeError(`ULID time out of range: ${time}`);
    if (time > lastTime) {
      lastTime = time;
      fill(random);
      random.forEach((digit, i) => {
        random[i] = digit & 31;
      });
    } else {
      increment(random);
    }
    return encodeTime(lastTime) + encodeDigits(random);
  };
}

function increment(digits: Uint8Array): void {
  // Checked before changing anything, so a factory that threw still never goes back.
  const last = digits.findLastIndex((digit) => digit < 31);
  if (last === -1) throw new RangeError('ULID random part exhausted within one millisecond');
  digits[last] = (digits.at(last) ?? 0) + 1;
  digits.fill(0, last + 1);
}

function encodeTime(time: number): string {
  let out = '';
  for (let i = 0; i < TIME_DIGITS; i++) {
    out = ENCODING.charAt(time % 32) + out;
    time = Math.floor(time / 32);
  }
  return out;
}

function encodeDigits(digits: Uint8Array): string {
  let out = '';
  for (const digit of digits) out += ENCODING.charAt(digit);
  return out;
}

/**
 * The ULID of a given time (ms since the epoch) and 80-bit random part (`random`, 10 bytes, big-endian),
 * with nothing random added: deterministic ids such as those the migration tool derives from MongoDB
 * ObjectIds (`src/migration/ids.ts`). Throws a `RangeError` for a time ULIDs cannot hold.
 */
export function ulidFromParts(time: number, random: Uint8Array): string {
  if (!Number.isInteger(time) || time < 0 || time > TIME_MAX) throw new RangeError(`ULID time out of range: ${time}`);
  if (random.length !== 10) throw new RangeError('a ULID random part is 10 bytes');
  const digits = new Uint8Array(RANDOM_DIGITS);
  // 80 bits = 16 base32 digits: take 5 bits at a time, most significant first.
  let buffer = 0;
  let bits = 0;
  let digit = 0;
  for (const byte of random) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      digits[digit++] = (buffer >> bits) & 31;
    }
    buffer &= (1 << bits) - 1;
  }
  return encodeTime(time) + encodeDigits(digits);
}
