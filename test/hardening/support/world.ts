import { expect } from 'vitest';
import { Client, uniqueHandle, type Caller } from '../../contract/http/client.js';
import type { HttpTarget } from '../../contract/http.js';

/**
 * A small populated world on a target, made through the API itself: alice and bob with profiles,
 * a conversation of theirs with one message by alice. Campaigns attack it.
 */
export interface World {
  client: Client;
  alice: Caller;
  bob: Caller;
  /** Signed in, no profile, in no conversation. */
  mallory: Caller;
  conversationId: string;
  messageId: string;
  handles: { alice: string; bob: string };
}

export async function seedWorld(target: HttpTarget): Promise<World> {
  const client = new Client(target);
  const [alice, bob, mallory] = await Promise.all([client.user('alice'), client.user('bob'), client.user('mallory')]);
  const handles = { alice: uniqueHandle(), bob: uniqueHandle() };
  for (const [caller, handle] of [
    [alice, handles.alice],
    [bob, handles.bob],
  ] as const) {
    const put = await caller.call('PUT', '/v1/users/me', { json: { handle, displayName: `${caller.id} display` } });
    expect(put.status, put.text).toBe(201);
  }
  const conversation = await alice.call('POST', '/v1/conversations', {
    json: { title: 'alice and bob', participantIds: [bob.id] },
  });
  expect(conversation.status, conversation.text).toBe(201);
  const conversationId = conversation.body.id as string;
  const message = await alice.call('POST', `/v1/conversations/${conversationId}/messages`, {
    json: { body: 'private words of alice' },
  });
  expect(message.status, message.text).toBe(201);
  return { client, alice, bob, mallory, conversationId, messageId: message.body.id as string, handles };
}
