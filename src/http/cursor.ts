import { base64url } from 'jose';
import { HttpProblem } from './problem.js';

/**
 * What a cursor is valid for. A cursor signed for one list (route, caller, conversation, `after`)
 * is refused by every other, so a client cannot walk another user's index with it.
 */
export interface CursorScope {
  route: string;
  caller: string;
  conversationId?: string;
  after?: string;
}

export interface CursorSigner {
  /** Wrap a backend-native cursor into an opaque token for `scope`. */
  seal(native: string, scope: CursorScope): Promise<string>;
  /** The native cursor inside `token`, or a 400 `invalid-cursor` problem if it is forged, malformed or out of scope. */
  open(token: string, scope: CursorScope): Promise<string>;
}

const MAC_BYTES = 32;

/**
 * Cursors are `base64url(HMAC-SHA256(secret, scope ‖ native) ‖ native)`. Backends may then trust
 * the shape of every cursor they get back (the port's contract), because only signed ones reach them.
 */
export function createCursorSigner(secret: string): CursorSigner {
  const encoder = new TextEncoder();
  let key: Promise<CryptoKey> | undefined;
  const hmacKey = () =>
    (key ??= crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]));
  const signed = (native: Uint8Array, scope: CursorScope) => {
    const prefix = encoder.encode(`${JSON.stringify(scopeFields(scope))}\n`);
    const data = new Uint8Array(prefix.length + native.length);
    data.set(prefix);
    data.set(native, prefix.length);
    return data;
  };
  return {
    async seal(native, scope) {
      const bytes = encoder.encode(native);
      const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(), signed(bytes, scope)));
      const out = new Uint8Array(MAC_BYTES + bytes.length);
      out.set(mac);
      out.set(bytes, MAC_BYTES);
      return base64url.encode(out);
    },
    async open(token, scope) {
      const raw = decode(token);
      if (!raw || raw.length < MAC_BYTES) throw invalid();
      const mac = new Uint8Array(raw.subarray(0, MAC_BYTES));
      const bytes = raw.subarray(MAC_BYTES);
      // `verify` compares in constant time.
      const ok = await crypto.subtle.verify('HMAC', await hmacKey(), mac, signed(bytes, scope));
      if (!ok) throw invalid();
      return new TextDecoder().decode(bytes);
    },
  };
}

function scopeFields(scope: CursorScope): string[] {
  return [scope.route, scope.caller, scope.conversationId ?? '', scope.after ?? ''];
}

function decode(token: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return null;
  try {
    return base64url.decode(token);
  } catch {
    return null;
  }
}

function invalid(): HttpProblem {
  return new HttpProblem(
    'invalid-cursor',
    'The cursor is not one this API issued for this list; start again without a cursor.',
    { errors: [{ parameter: 'cursor', detail: 'is not a valid cursor for this list' }] },
  );
}
