import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, uniqueHandle, type Caller, type Result } from '../../contract/http/client.js';
import { recordFigures } from '../support/figures.js';
import { expectNoSecrets } from '../support/secrets.js';
import type { HardeningTarget } from '../support/targets.js';

interface Attempt {
  who: 'stranger' | 'former' | 'peer';
  method: string;
  path: string;
  json?: unknown;
  expected: number;
}

/**
 * Campaign 3: every route with an id, tried by a non-participant (mallory), a former participant
 * (carol, who left), a non-author (bob, on alice's message) and against another user's profile.
 * Pass: the spec's 404 (not a participant: existence does not leak) or 403 (participant, not
 * allowed); alice's private data (title, body, attachment, her conversation's participants) in no
 * body or header of any of those responses; "not yours" answers exactly like "missing".
 */
export function describeAuthorization(setup: () => Promise<HardeningTarget>): void {
  describe('campaign 3: object-level authorization', () => {
    let target: HardeningTarget;
    let alice: Caller;
    let bob: Caller;
    let carol: Caller;
    let mallory: Caller;
    let conversationId: string;
    let messageId: string;
    const marker = `secret-${crypto.randomUUID()}`;
    const privateValues: string[] = [];

    beforeAll(async () => {
      target = await setup();
      const client = new Client(target);
      [alice, bob, carol, mallory] = await Promise.all([
        client.user('alice'),
        client.user('bob'),
        client.user('carol'),
        client.user('mallory'),
      ]);
      // carol too: a participant must have a profile.
      for (const caller of [alice, bob, carol]) {
        const put = await caller.call('PUT', '/v1/users/me', {
          json: { handle: uniqueHandle(), displayName: `${caller.id}` },
        });
        expect(put.status, put.text).toBe(201);
      }
      const created = await alice.call('POST', '/v1/conversations', {
        json: { title: `title ${marker}`, participantIds: [bob.id, carol.id] },
      });
      expect(created.status, created.text).toBe(201);
      conversationId = created.body.id;
      const posted = await alice.call('POST', `/v1/conversations/${conversationId}/messages`, {
        json: { body: `body ${marker}` },
        headers: { 'idempotency-key': 'shared-key' },
      });
      expect(posted.status, posted.text).toBe(201);
      messageId = posted.body.id;
      // carol leaves: a former participant from now on.
      const left = await carol.call(
        'DELETE',
        `/v1/conversations/${conversationId}/participants/${encodeURIComponent(carol.id)}`,
        { headers: { 'if-match': '*' } },
      );
      expect(left.status, left.text).toBe(204);
      privateValues.push(marker, conversationId, messageId, bob.id);
    });
    afterAll(async () => {
      expectNoSecrets(target, 'authorization');
      await target?.close();
    });

    function attempts(): Attempt[] {
      const conv = `/v1/conversations/${conversationId}`;
      const msg = `${conv}/messages/${messageId}`;
      const outsiders: Attempt[] = [];
      for (const who of ['stranger', 'former'] as const) {
        outsiders.push(
          { who, method: 'GET', path: conv, expected: 404 },
          { who, method: 'PATCH', path: conv, json: { title: 'mine now' }, expected: 404 },
          { who, method: 'POST', path: `${conv}/participants`, json: { participantIds: ['intruder'] }, expected: 404 },
          { who, method: 'DELETE', path: `${conv}/participants/${encodeURIComponent(bob.id)}`, expected: 404 },
          { who, method: 'POST', path: `${conv}/messages`, json: { body: 'let me in' }, expected: 404 },
          { who, method: 'GET', path: `${conv}/messages`, expected: 404 },
          { who, method: 'GET', path: `${conv}/messages?after=${messageId}`, expected: 404 },
          { who, method: 'GET', path: msg, expected: 404 },
          { who, method: 'PATCH', path: msg, json: { body: 'edited' }, expected: 404 },
          { who, method: 'DELETE', path: msg, expected: 404 },
        );
      }
      return [
        ...outsiders,
        // A participant who is neither the author nor the creator.
        { who: 'peer', method: 'PATCH', path: msg, json: { body: 'not my words' }, expected: 403 },
        { who: 'peer', method: 'DELETE', path: msg, expected: 403 },
        { who: 'peer', method: 'DELETE', path: `${conv}/participants/${encodeURIComponent(alice.id)}`, expected: 403 },
        // Another user's profile: only the public read exists; no write route takes a user id.
        {
          who: 'stranger',
          method: 'PUT',
          path: `/v1/users/${encodeURIComponent(alice.id)}`,
          json: { handle: uniqueHandle(), displayName: 'x' },
          expected: 405,
        },
        {
          who: 'stranger',
          method: 'PATCH',
          path: `/v1/users/${encodeURIComponent(alice.id)}`,
          json: { displayName: 'x' },
          expected: 405,
        },
        { who: 'stranger', method: 'DELETE', path: `/v1/users/${encodeURIComponent(alice.id)}`, expected: 405 },
      ];
    }

    function leaks(result: Result): string[] {
      const headerText = [...result.headers].map(([k, v]) => `${k}: ${v}`).join('\n');
      return privateValues.filter((value) => result.text.includes(value) || headerText.includes(value));
    }

    it('answers 404/403 as the spec says, and leaks nothing', async (context) => {
      const callers = { stranger: mallory, former: carol, peer: bob };
      const wrong: string[] = [];
      const leaked: string[] = [];
      const list = attempts();
      for (const a of list) {
        const result = await callers[a.who].call(a.method, a.path, {
          ...(a.json === undefined ? {} : { json: a.json }),
          headers: a.method === 'PATCH' || a.method === 'DELETE' ? { 'if-match': '*' } : {},
        });
        if (result.status !== a.expected)
          wrong.push(`${a.who} ${a.method} ${a.path}: ${result.status} (expected ${a.expected})`);
        expect(result.headers.get('content-type')).toBe('application/problem+json');
        if (a.expected === 404) expect(result.headers.get('etag')).toBeNull();
        if (a.who !== 'peer') leaked.push(...leaks(result).map((v) => `${a.who} ${a.method} ${a.path} shows ${v}`));
        else if (result.text.includes(marker)) leaked.push(`peer ${a.method} ${a.path} echoes the message`);
      }
      // "Not yours" must read exactly like "does not exist".
      const missing = await mallory.call('GET', `/v1/conversations/01ARZ3NDEKTSV4RRFFQ69G5FAV`);
      const hidden = await mallory.call('GET', `/v1/conversations/${conversationId}`);
      expect(hidden.status).toBe(missing.status);
      expect({ ...hidden.body }).toEqual({ ...missing.body });
      // Idempotency keys are per caller: mallory replaying alice's key gets no replay of her message.
      const replay = await mallory.call('POST', `/v1/conversations/${conversationId}/messages`, {
        json: { body: `body ${marker}` },
        headers: { 'idempotency-key': 'shared-key' },
      });
      expect(replay.status).toBe(404);
      leaked.push(...leaks(replay).map((v) => `idempotency replay shows ${v}`));
      // Lists: the outsiders see none of it.
      for (const caller of [mallory, carol]) {
        const page = await caller.call('GET', '/v1/conversations?limit=100');
        expect(page.status).toBe(200);
        leaked.push(...leaks(page).map((v) => `${caller.id}'s conversation list shows ${v}`));
      }
      // The public profile holds the public fields only.
      const profile = await mallory.call('GET', `/v1/users/${encodeURIComponent(alice.id)}`);
      expect(profile.status).toBe(200);
      expect(Object.keys(profile.body).sort()).toEqual([
        'createdAt',
        'displayName',
        'handle',
        'id',
        'updatedAt',
        'version',
      ]);
      // The attempts changed nothing.
      const after = await alice.call('GET', `/v1/conversations/${conversationId}/messages/${messageId}`);
      expect(after.body).toMatchObject({ body: `body ${marker}`, version: 1 });
      const conv = await alice.call('GET', `/v1/conversations/${conversationId}`);
      expect(conv.body).toMatchObject({ title: `title ${marker}`, participantIds: [alice.id, bob.id] });

      expect(wrong).toEqual([]);
      expect(leaked).toEqual([]);
      recordFigures(context, 'authorization', target.name, {
        attempts: list.length + 5,
        wrongStatus: wrong.length,
        leaks: leaked.length,
      });
    });
  });
}
