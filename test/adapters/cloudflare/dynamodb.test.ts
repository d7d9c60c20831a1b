import { describe, expect, it } from 'vitest';
import { apiRequest } from '../../support/requests.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import type { HttpTarget } from '../../contract/http.js';
import { dynamoWorkerTarget, workerUrl } from './target.js';
import { WORKER_VARS, WORKERS } from './workers.js';

/**
 * `STORAGE_BACKEND=dynamodb` on Workers: the same bundle, its DynamoDB requests signed by aws4fetch
 * inside workerd and sent to DynamoDB Local. The full HTTP contract already runs on the KV Worker
 * and the DynamoDB backend has its own contract runs in Node (both transports); this checks the
 * Worker-specific part: the config path, and conditional and transactional writes made from workerd.
 */
describe('Worker with STORAGE_BACKEND=dynamodb (workerd → DynamoDB Local via aws4fetch)', () => {
  it('serves a conversation: profile, post, list, edit with If-Match (412 when stale)', async () => {
    const target = dynamoWorkerTarget();
    const call = callAs(target, `dyn-${crypto.randomUUID()}`);

    const health = await call('GET', '/health');
    expect(health.body).toMatchObject({ target: 'cloudflare', storage: 'dynamodb' });

    const handle = `dyn_${crypto.randomUUID().slice(0, 8)}`;
    expect((await call('PUT', '/v1/users/me', { handle, displayName: 'Dyn' })).status).toBe(201);
    const conversation = await call('POST', '/v1/conversations', { participantIds: [] });
    expect(conversation.status).toBe(201);
    const messages = `/v1/conversations/${conversation.body.id}/messages`;
    const posted = await call('POST', messages, { body: 'from workerd' });
    expect(posted.status).toBe(201);
    const listed = await call('GET', messages);
    expect(listed.body.items.map((m: { id: string }) => m.id)).toEqual([posted.body.id]);

    const path = `${messages}/${posted.body.id}`;
    const etag = posted.headers.get('etag')!;
    expect((await call('PATCH', path, { body: 'edited' }, { 'if-match': etag })).status).toBe(200);
    expect((await call('PATCH', path, { body: 'stale' }, { 'if-match': etag })).status).toBe(412);
  });

  it("talks to the replica nearest to the first request's request.cf location, shown by /health", async () => {
    const base = workerUrl(WORKERS.replicas);
    // A client in Paris: eu-west-1 (Ireland) is nearest, then us-east-1, then ap-northeast-1.
    // Miniflare's sockets take `request.cf` from this header, as Cloudflare's edge fills it.
    const cf = {
      'mf-cf-blob': JSON.stringify({ latitude: '48.8566', longitude: '2.3522', continent: 'EU', country: 'FR' }),
    };
    const health = await fetch(new URL('/health', base), { headers: cf });
    expect(await health.json()).toMatchObject({
      storage: 'dynamodb',
      replica: { order: ['eu-west-1', 'us-east-1', 'ap-northeast-1'], preferred: 'eu-west-1', current: 'eu-west-1' },
    });
    const token = await signDevToken({ sub: `rep-${crypto.randomUUID()}`, secret: WORKER_VARS.AUTH_HS256_SECRET });
    const created = await fetch(new URL('/v1/conversations', base), {
      method: 'POST',
      headers: { ...cf, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ participantIds: [] }),
    });
    expect(created.status).toBe(201);
  });
});

function callAs(target: HttpTarget, sub: string) {
  const base = target.baseUrl ?? 'http://parley.test';
  return async (method: string, path: string, json?: unknown, headers: Record<string, string> = {}) => {
    const request = apiRequest(new URL(path, base), method, await target.token(sub), json, headers);
    const response = await target.fetch(request);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  };
}
