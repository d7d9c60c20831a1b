import { fromByteString } from './header-bytes.js';

/** A response's headers split the way every front door wants them: cookies apart from the rest. */
export interface SplitHeaders {
  /** Lower-case name → value; repeated non-cookie headers are already comma-joined by `Headers`. */
  single: Record<string, string>;
  /** Every `Set-Cookie` value, in order (never comma-joined: cookie dates contain commas). */
  cookies: string[];
}

export function splitResponseHeaders(headers: Headers): SplitHeaders {
  const single: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') single[name] = fromByteString(value);
  });
  return { single, cookies: headers.getSetCookie().map(fromByteString) };
}
