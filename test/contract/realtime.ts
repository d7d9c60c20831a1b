import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REALTIME } from '../../src/realtime/limits.js';
import { connect, type EventClient, refusedStatus } from '../support/realtime-client.js';
import { uniqueHandle } from './http/client.js';
import { type ApiCall, apiRequest } from '../support/requests.js';

/** A deployment with real-time events: an API origin and tokens for any user. */
export interface RealtimeTarget {
  baseUrl: string;
  token(sub: string, options?: { ttlSeconds?: number }): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real-time contract (docs/realtime.md), over real WebSockets, on every target that holds
 * connections: the Node server and the Workers in workerd run these same cases.
 */
export function describeRealtimeContract(name: string, setup: () => Promise<RealtimeTarget>): void {
  describe(`realtime contract: ${name}`, () => {
    let target: RealtimeTarget;
    const open: EventClient[] = [];
    // Distinct users per run, so targets that keep data across runs (workerd) start clean.
    const run = Math.random().toString(36).slice(2, 8);
    const user = (name: string) => `rt-${name}-${run}`;

    beforeAll(async () => {
      target = await setup();
    }, 60_000);
    afterAll(async () => {
      await Promise.all(open.map((client) => (client.open ? client.close() : undefined)));
      await target?.close();
    });

    const api = async (sub: string, ...[method, path, json, headers]: ApiCall) => {
      const url = new URL(path, target.baseUrl);
      const response = await fetch(apiRequest(url, method, await target.token(sub), json, headers));
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
    };
    const ticket = async (sub: string, ttlSeconds?: number) => {
      const token = await target.token(sub, ttlSeconds === undefined ? {} : { ttlSeconds });
      const response = await fetch(new URL('/v1/realtime/tickets', target.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { url: string; expiresAt: string };
    };
    const listen = async (sub: string) => {
      const client = await connect((await ticket(sub)).url);
      open.push(client);
      return client;
    };
    // Participants must have a profile (422 otherwise): each user gets one before being added.
    const profiled = new Set<string>();
    const ensureProfiles = (subs: string[]) =>
      Promise.all(
        subs.map(async (sub) => {
          if (profiled.has(sub)) return;
          const json = { handle: uniqueHandle(), displayName: sub };
          const put = await api(sub, 'PUT', '/v1/users/me', json, { 'if-none-match': '*' });
          expect([201, 412]).toContain(put.status);
          profiled.add(sub);
        }),
      );
    const conversation = async (creator: string, others: string[]) => {
      await ensureProfiles(others);
      const created = await api(creator, 'POST', '/v1/conversations', { participantIds: others });
      expect(created.status).toBe(201);
      return created.json as { id: string; version: number };
    };
    const post = async (sub: string, conversationId: string, body: string) => {
      const posted = await api(sub, 'POST', `/v1/conversations/${conversationId}/messages`, { body });
      expect(posted.status).toBe(201);
      return posted.json as { id: string };
    };
    const isMessage = (id: string) => (frame: Record<string, unknown>) =>
      frame.type === 'message.created' && frame.id === id;

    it('issues a ticket URL that carries no bearer token and expires within 60 s', async () => {
      const token = await target.token(user('a'));
      const issued = await ticket(user('a'));
      expect(issued.url).toMatch(/^wss?:\/\//);
      expect(issued.url).not.toContain(token);
      const left = Date.parse(issued.expiresAt) - Date.now();
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(REALTIME.ticketSeconds * 1000);
    });

    it("delivers message.created to the other participant, with the message's id; not to a non-participant", async () => {
      const [a, b, c] = [user('a1'), user('b1'), user('c1')];
      const [listenerB, listenerC, listenerA] = await Promise.all([listen(b), listen(c), listen(a)]);
      const { id: conversationId } = await conversation(a, [b]);
      const message = await post(a, conversationId, 'hello B');
      const event = await listenerB.next(isMessage(message.id));
      expect(event).toMatchObject({ type: 'message.created', conversationId, id: message.id, version: 1 });
      expect(typeof event.at).toBe('string');
      expect((event.data as { body: string }).body).toBe('hello B');
      // The author's own sessions hear it too (another tab); C hears nothing of this conversation.
      await listenerA.next(isMessage(message.id));
      await listenerC.barrier();
      expect(listenerC.frames.filter((frame) => frame.conversationId === conversationId)).toEqual([]);
    });

    it('keeps per-conversation order', async () => {
      const [a, b] = [user('a2'), user('b2')];
      const listenerB = await listen(b);
      const { id: conversationId } = await conversation(a, [b]);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await post(a, conversationId, `m${i}`)).id);
      await listenerB.next(isMessage(ids[4] as string));
      const seen = listenerB.frames.filter((frame) => frame.type === 'message.created').map((frame) => frame.id);
      expect(seen).toEqual(ids);
    });

    it('tells participants of participant changes; a removed participant receives nothing after the removal', async () => {
      const [a, b, d] = [user('a3'), user('b3'), user('d3')];
      const [listenerB, listenerD] = await Promise.all([listen(b), listen(d)]);
      const created = await conversation(a, [b]);
      await ensureProfiles([d]);
      const added = await api(a, 'POST', `/v1/conversations/${created.id}/participants`, { participantIds: [d] });
      expect(added.status).toBe(200);
      await listenerD.next((f) => f.type === 'participant.added' && f.id === d);
      await listenerB.next((f) => f.type === 'participant.added' && f.id === d);
      const etag = added.headers.get('etag') as string;
      const removed = await api(a, 'DELETE', `/v1/conversations/${created.id}/participants/${b}`, undefined, {
        'if-match': etag,
      });
      expect(removed.status).toBe(204);
      await listenerB.next((f) => f.type === 'participant.removed' && f.id === b);
      const after = await post(a, created.id, 'B is gone');
      await listenerD.next(isMessage(after.id));
      await listenerB.barrier();
      expect(listenerB.frames.filter((f) => f.type === 'message.created' || f.type === 'typing')).toEqual([]);
    });

    it('tells participants when a horizon moves (read.updated, no unread count); a mark that does not move it, nothing', async () => {
      const [a, b, c] = [user('a6'), user('b6'), user('c6')];
      const [listenerA, listenerB, listenerC] = await Promise.all([listen(a), listen(b), listen(c)]);
      const { id: conversationId } = await conversation(a, [b]);
      const message = await post(a, conversationId, 'read me');
      const marked = await api(b, 'PUT', `/v1/conversations/${conversationId}/read`, { messageId: message.id });
      expect(marked.status).toBe(200);
      const isRead = (frame: Record<string, unknown>) => frame.type === 'read.updated' && frame.id === b;
      const event = await listenerA.next(isRead);
      expect(event).toMatchObject({ type: 'read.updated', conversationId, id: b, at: marked.json.readAt });
      expect(event.data).toEqual({
        conversationId,
        userId: b,
        lastReadMessageId: message.id,
        readAt: marked.json.readAt,
      });
      await listenerB.next(isRead); // the reader's other sessions
      // Marking the same message again moves nothing: no second event (the next post is a barrier in order).
      expect((await api(b, 'PUT', `/v1/conversations/${conversationId}/read`, { messageId: message.id })).status).toBe(
        200,
      );
      const next = await post(a, conversationId, 'after');
      await listenerA.next(isMessage(next.id));
      expect(listenerA.frames.filter(isRead)).toHaveLength(1);
      // The author's own post moved their horizon: that is message.created, not read.updated.
      expect(listenerB.frames.filter((f) => f.type === 'read.updated' && f.id === a)).toEqual([]);
      await listenerC.barrier();
      expect(listenerC.frames.filter((frame) => frame.conversationId === conversationId)).toEqual([]);
    });

    it('loses nothing across a reconnect: the REST API catches up with ?after=', async () => {
      const [a, b] = [user('a4'), user('b4')];
      const { id: conversationId } = await conversation(a, [b]);
      const first = await listen(b);
      const m1 = await post(a, conversationId, 'one');
      await first.next(isMessage(m1.id));
      await first.close();
      const missed = [await post(a, conversationId, 'two'), await post(a, conversationId, 'three')];
      const second = await listen(b);
      const m4 = await post(a, conversationId, 'four');
      await second.next(isMessage(m4.id));
      const caught = await api(b, 'GET', `/v1/conversations/${conversationId}/messages?after=${m1.id}&limit=100`);
      expect(caught.status).toBe(200);
      const ids = (caught.json as { items: Array<{ id: string }> }).items.map((m) => m.id);
      // Whatever order the list uses, the union of what the socket and the catch-up delivered is everything.
      expect(new Set(ids)).toEqual(new Set([...missed.map((m) => m.id), m4.id]));
    });

    it('refuses a used ticket, a forged one and an expired one', async () => {
      const issued = await ticket(user('a5'));
      open.push(await connect(issued.url));
      expect(await refusedStatus(issued.url)).toBe(401);
      const url = new URL(issued.url);
      const forged = `${(url.searchParams.get('ticket') as string).slice(0, -2)}AA`;
      url.searchParams.set('ticket', forged);
      expect(await refusedStatus(url.toString())).toBe(401);
      url.searchParams.set('ticket', '');
      expect(await refusedStatus(url.toString())).toBe(401);
      // A ticket never outlives its token: one for a token that expires in a second is refused after it.
      const short = await ticket(user('a5'), 1);
      expect(Date.parse(short.expiresAt) - Date.now()).toBeLessThanOrEqual(1000);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(short.expiresAt) - Date.now()) + 50));
      expect(await refusedStatus(short.url)).toBe(401);
    });

    it("refuses another user's ticket: one altered to name someone else does not verify", async () => {
      const issued = await ticket(user('a6'));
      const url = new URL(issued.url);
      const raw = url.searchParams.get('ticket') as string;
      const bytes = Buffer.from(raw, 'base64url');
      const swapped = Buffer.from(bytes.toString('latin1').replace(user('a6'), user('x6')), 'latin1');
      url.searchParams.set('ticket', swapped.toString('base64url'));
      expect(await refusedStatus(url.toString())).toBe(401);
    });

    it('closes the connection with 4001 when the token would have expired', async () => {
      const issued = await ticket(user('a7'), 2);
      const client = await connect(issued.url);
      open.push(client);
      expect((await client.closed).code).toBe(4001);
    }, 10_000);

    it(`caps connections per user at ${REALTIME.connectionsPerUser}`, async () => {
      const sub = user('a8');
      const clients = await Promise.all(Array.from({ length: REALTIME.connectionsPerUser }, () => listen(sub)));
      expect(await refusedStatus((await ticket(sub)).url)).toBe(429);
      await clients[0]?.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      open.push(await connect((await ticket(sub)).url));
    });

    it('relays typing to the other participants only, refuses it from outsiders, and rate-limits it', async () => {
      const [a, b, c] = [user('a9'), user('b9'), user('c9')];
      const [listenerA, listenerB, listenerC] = await Promise.all([listen(a), listen(b), listen(c)]);
      const { id: conversationId } = await conversation(a, [b]);
      listenerB.send(JSON.stringify({ type: 'typing', conversationId }));
      const typing = await listenerA.next((f) => f.type === 'typing');
      expect(typing).toMatchObject({ type: 'typing', conversationId, id: b });
      listenerC.send(JSON.stringify({ type: 'typing', conversationId }));
      expect(await listenerC.next((f) => f.type === 'error')).toMatchObject({ code: 'not-participant' });
      for (let i = 0; i < REALTIME.typingBurst + 2; i++)
        listenerB.send(JSON.stringify({ type: 'typing', conversationId }));
      expect(await listenerB.next((f) => f.type === 'error')).toMatchObject({ code: 'rate-limited' });
      await listenerB.barrier();
      expect(listenerB.frames.filter((f) => f.type === 'typing')).toEqual([]);
    });

    it('answers any client frame without closing the connection (fuzzed)', async () => {
      const client = await listen(user('a10'));
      const frame = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.json(),
        fc.uint8Array({ maxLength: 200 }),
        fc.string({ minLength: REALTIME.clientFrameBytes + 1, maxLength: REALTIME.clientFrameBytes + 50 }),
        fc
          .record({ type: fc.constantFrom('typing', 'ping', 'pong', ''), conversationId: fc.string() })
          .map((r) => JSON.stringify(r)),
      );
      const samples = fc.sample(frame, { numRuns: 150, seed: 15 });
      for (const sample of samples) client.send(typeof sample === 'string' ? sample : sample);
      await client.barrier();
      expect(client.open).toBe(true);
      expect(client.frames.length).toBeGreaterThanOrEqual(samples.length * 0.5);
      expect(client.frames.every((f) => ['error', 'pong'].includes(f.type as string))).toBe(true);
    });
  });
}
