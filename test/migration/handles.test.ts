import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HANDLE_PATTERN } from '../../src/domain/rules.js';
import { resolveHandles, wantedHandle } from '../../src/migration/handles.js';

describe('handles from usernames', () => {
  it('lower-cases a valid username and rewrites an invalid one', () => {
    expect(wantedHandle('Bob_Builder')).toEqual({ handle: 'bob_builder', valid: true });
    expect(wantedHandle('john.doe')).toEqual({ handle: 'john_doe', valid: false });
    expect(wantedHandle('Zoë Ünïcode!!')).toEqual({ handle: 'zoe_unicode', valid: false });
    expect(wantedHandle('jo')).toEqual({ handle: 'user_jo', valid: false });
    expect(wantedHandle('')).toEqual({ handle: 'user', valid: false });
    expect(wantedHandle(null)).toEqual({ handle: 'user', valid: false });
    expect(wantedHandle('日本語')).toEqual({ handle: 'user', valid: false });
    expect(wantedHandle('a'.repeat(40)).handle).toBe('a'.repeat(30));
  });

  it('gives a contested handle to the valid username, then the smallest id; the others get free suffixes', () => {
    const resolved = resolveHandles([
      { userId: 'b', username: 'Alice' },
      { userId: 'a', username: 'alice!' },
      { userId: 'c', username: 'ALICE' },
      { userId: 'd', username: 'alice_2' },
    ]);
    expect(resolved.get('b')).toEqual({ handle: 'alice', reason: null });
    expect(resolved.get('d')).toEqual({ handle: 'alice_2', reason: null });
    // 'a' asked for "alice" through a rewrite: the valid usernames go first, then ids in order.
    expect(resolved.get('c')).toEqual({ handle: 'alice_3', reason: 'taken', takenBy: 'b' });
    expect(resolved.get('a')).toEqual({ handle: 'alice_4', reason: 'invalid+taken', takenBy: 'b' });
  });

  it('keeps suffixed handles within 30 characters', () => {
    const base = 'x'.repeat(30);
    const resolved = resolveHandles(
      Array.from({ length: 12 }, (_, i) => ({ userId: String(i).padStart(2, '0'), username: base })),
    );
    expect(resolved.get('11')?.handle).toBe(`${'x'.repeat(27)}_12`);
  });

  it('always yields unique, valid handles, whatever the order of the users', () => {
    const username = fc.oneof(
      fc.constantFrom('alice', 'Alice', 'ALICE', 'alice_2', 'bob', 'jo', '', 'x'.repeat(30)),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.stringMatching(/^[0-9a-f]{4,8}$/), username), {
          selector: ([id]) => id,
          maxLength: 60,
        }),
        (users) => {
          const wishes = users.map(([userId, name]) => ({ userId, username: name }));
          const forward = resolveHandles(wishes);
          const backward = resolveHandles([...wishes].reverse());
          const handles = [...forward.values()].map((r) => r.handle);
          expect(new Set(handles).size).toBe(handles.length);
          for (const handle of handles) expect(handle).toMatch(HANDLE_PATTERN);
          expect([...backward].sort()).toEqual([...forward].sort());
        },
      ),
    );
  });
});
