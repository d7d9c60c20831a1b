import { describe, expect, it } from 'vitest';
import { problemOf } from '../support/problems.js';
import { createCursorSigner } from '../../src/http/cursor.js';
import { HttpProblem } from '../../src/http/problem.js';

const signer = createCursorSigner('cursor-secret-for-unit-tests-0123456789');
const scope = { route: 'listMessages', caller: 'alice', conversationId: 'C1', after: undefined };

describe('cursor signer', () => {
  it('round-trips a native cursor within its scope, as opaque base64url', async () => {
    const native = JSON.stringify({ pk: 'C#1', sk: 'M#01ABC' });
    const token = await signer.seal(native, scope);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token).not.toContain('M#01ABC');
    expect(await signer.open(token, scope)).toBe(native);
  });

  it('refuses a token from another scope: caller, conversation, route or after', async () => {
    const token = await signer.seal('native', scope);
    for (const other of [
      { ...scope, caller: 'bob' },
      { ...scope, conversationId: 'C2' },
      { ...scope, route: 'listConversations' },
      { ...scope, after: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    ]) {
      const problem = await problemOf(signer.open(token, other));
      expect(problem.status).toBe(400);
      expect(problem.slug).toBe('invalid-cursor');
    }
  });

  it('refuses tampered, truncated and garbage tokens', async () => {
    const token = await signer.seal('native-cursor', scope);
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const bad of [flipped, token.slice(0, 20), token.slice(0, 43), '', '!!!!', 'a b', `${token}=`]) {
      expect((await problemOf(signer.open(bad, scope))).slug).toBe('invalid-cursor');
    }
  });

  it('refuses a token signed with another secret', async () => {
    const other = createCursorSigner('another-secret-entirely-0123456789abcd');
    const token = await other.seal('native', scope);
    expect((await problemOf(signer.open(token, scope))).slug).toBe('invalid-cursor');
  });
});
