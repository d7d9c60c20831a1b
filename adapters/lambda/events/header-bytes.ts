/**
 * Header values in the Fetch API are byte strings (each char one byte, ≤ 0xFF), while Lambda events
 * carry header values as decoded Unicode JSON strings. A character above U+00FF makes `new Headers()`
 * throw, and Hono's adapter percent-encodes such values, which changes what the app reads. Here a
 * non-ASCII value is passed as its UTF-8 bytes, one latin-1 char per byte — exactly what a Node or
 * workerd server hands the app for the same bytes on the wire — and turned back on the way out.
 */

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Event header value → Fetch header value (UTF-8 bytes as latin-1 chars). */
export function toByteString(value: string): string {
  if (isAscii(value)) return value;
  let out = '';
  for (const byte of utf8.encode(value)) out += String.fromCharCode(byte);
  return out;
}

/** Fetch header value → result header value: valid UTF-8 bytes are decoded, anything else kept. */
export function fromByteString(value: string): string {
  if (isAscii(value)) return value;
  try {
    return strictUtf8.decode(Uint8Array.from(value, (char) => char.charCodeAt(0)));
  } catch {
    return value;
  }
}

/**
 * Add one header from an event. Several `Cookie` values are joined with `; ` (RFC 6265 §5.4), not
 * the `, ` that `Headers.append` would use for them.
 */
export function appendEventHeader(headers: Headers, name: string, value: string): void {
  const bytes = toByteString(value);
  const existing = name.toLowerCase() === 'cookie' ? headers.get('cookie') : null;
  if (existing) headers.set('cookie', `${existing}; ${bytes}`);
  else headers.append(name, bytes);
}

/**
 * The request headers of a v1 or ALB event: from `multiValueHeaders` when the front door sends them
 * (one entry per value — Hono joins every multi-valued header with `; `, which is right only for
 * Cookie), else from the single-value `headers`.
 */
export function eventHeaders(
  single: Record<string, string | undefined> | null | undefined,
  multi: Record<string, string[] | undefined> | null | undefined,
): Headers {
  const headers = new Headers();
  if (multi) {
    for (const [name, values] of Object.entries(multi)) {
      for (const value of values ?? []) appendEventHeader(headers, name, value);
    }
  } else {
    for (const [name, value] of Object.entries(single ?? {})) {
      if (value !== undefined) appendEventHeader(headers, name, value);
    }
  }
  return headers;
}

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0x7f) return false;
  return true;
}
