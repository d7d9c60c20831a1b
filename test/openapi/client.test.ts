import { describe, expect, it } from 'vitest';
import { twoUserConversation } from '../../openapi/client/example.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { WORKER_VARS, WORKERS } from '../adapters/cloudflare/workers.js';
import { workerUrl } from '../adapters/cloudflare/target.js';
import { uniqueHandle, uniqueId } from '../contract/http/client.js';

// The typed client (openapi/client/: openapi-typescript types + openapi-fetch) running its example,
// a whole two-user conversation, against the Worker in workerd (Durable Objects backend).
describe('typed client example against the Worker in workerd', () => {
  it('runs a whole conversation between two users', async () => {
    const [aliceId, bobId] = [uniqueId('alice'), uniqueId('bob')];
    const sign = (sub: string) => signDevToken({ sub, secret: WORKER_VARS.AUTH_HS256_SECRET });
    const handles = { alice: uniqueHandle(), bob: uniqueHandle() };
    const seen = await twoUserConversation({
      baseUrl: workerUrl(WORKERS.durableObject),
      tokens: { alice: await sign(aliceId), bob: await sign(bobId) },
      handles,
      bobId,
    });
    expect(seen).toMatchObject({
      found: bobId,
      participants: [aliceId, bobId],
      synced: ['Yes!'],
      edited: 'Yes, see you there!',
      conditionalStatus: 304,
    });
    expect(seen.lastMessageId).toEqual(expect.any(String));
  });
});
