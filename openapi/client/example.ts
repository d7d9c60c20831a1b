import { parleyClient } from './index.js';

/**
 * The typed client end to end: two users and a whole conversation — profiles, a conversation,
 * messages both ways, a sync from the last message seen, an edit with If-Match, a conditional GET.
 * `test/openapi/client.test.ts` runs it against the Worker in workerd. Returns what it saw.
 */
export async function twoUserConversation(options: {
  baseUrl: string;
  tokens: { alice: string; bob: string };
  handles: { alice: string; bob: string };
  bobId: string;
  fetch?: typeof fetch;
}) {
  const alice = parleyClient({ baseUrl: options.baseUrl, token: options.tokens.alice, ...withFetch(options) });
  const bob = parleyClient({ baseUrl: options.baseUrl, token: options.tokens.bob, ...withFetch(options) });
  await alice.PUT('/v1/users/me', { body: { handle: options.handles.alice, displayName: 'Alice' } });
  await bob.PUT('/v1/users/me', { body: { handle: options.handles.bob, displayName: 'Bob' } });
  const found = await alice.GET('/v1/users', { params: { query: { handle: options.handles.bob } } });

  const created = await alice.POST('/v1/conversations', { body: { participantIds: [options.bobId], title: 'Lunch' } });
  const conversationId = required(created.data, 'createConversation').id;
  const path = { conversationId };
  const first = await alice.POST('/v1/conversations/{conversationId}/messages', {
    params: { path },
    body: { body: 'Lunch at noon?' },
  });
  const firstId = required(first.data, 'postMessage').id;
  const reply = await bob.POST('/v1/conversations/{conversationId}/messages', {
    params: { path },
    body: { body: 'Yes!' },
  });
  const replyId = required(reply.data, 'postMessage').id;
  // Alice was offline after her own message: catch up from it, oldest first.
  const sync = await alice.GET('/v1/conversations/{conversationId}/messages', {
    params: { path, query: { after: firstId } },
  });
  // Bob fixes his answer, conditionally on the version he has.
  const edited = await bob.PATCH('/v1/conversations/{conversationId}/messages/{messageId}', {
    params: {
      path: { conversationId, messageId: replyId },
      header: { 'If-Match': reply.response.headers.get('etag') ?? '' },
    },
    body: { body: 'Yes, see you there!' },
  });
  const conversation = await bob.GET('/v1/conversations/{conversationId}', { params: { path } });
  const etag = conversation.response.headers.get('etag') ?? '';
  const again = await bob.GET('/v1/conversations/{conversationId}', {
    params: { path, header: { 'If-None-Match': etag } },
  });
  return {
    found: found.data?.id,
    participants: required(created.data, 'createConversation').participantIds,
    synced: required(sync.data, 'listMessages').items.map((m) => m.body),
    edited: edited.data?.body,
    lastMessageId: conversation.data?.lastMessageId,
    conditionalStatus: again.response.status,
  };
}

function required<T>(value: T | undefined, operation: string): T {
  if (value === undefined) throw new Error(`${operation} failed`);
  return value;
}

const withFetch = (options: { fetch?: typeof fetch }) => (options.fetch ? { fetch: options.fetch } : {});
