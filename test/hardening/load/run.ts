import autocannon from 'autocannon';
import { startServer } from '../../../adapters/node/server.js';
import { createNodeDeps } from '../../../adapters/node/deps.js';
import { createApp } from '../../../src/app.js';
import { signDevToken } from '../../../src/auth/dev-token.js';
import { createAws4fetchTransport } from '../../../src/repository/dynamodb/index.js';
import { createTable } from '../../../scripts/db-create.js';
import { startDynamoLocal } from '../../../scripts/dynamodb-local.js';

/**
 * Campaign 8 (`npm run test:load`): a bounded loopback load on the Node server against DynamoDB
 * Local — 3 reads for every post, over `LOAD_CONNECTIONS` connections for `LOAD_SECONDS` seconds
 * (default 10 × 20 s, at most 30 s) — then every conversation is read back: each acknowledged post
 * must be stored exactly once, and a post cut off by the end of the run must replay as the one it
 * stored. Prints requests/s and p99; exits 1 on any error, non-2xx, lost or duplicated message.
 */
const seconds = Math.min(30, Number(process.env.LOAD_SECONDS ?? 20));
const connections = Number(process.env.LOAD_CONNECTIONS ?? 10);
const CONVERSATIONS = 20;
const keys = { accessKeyId: 'local', secretAccessKey: 'local' };
const secret = crypto.randomUUID() + crypto.randomUUID();

const local = await startDynamoLocal();
const server = await (async () => {
  const table = `parley-load-${Date.now()}`;
  await createTable(createAws4fetchTransport({ region: 'us-east-1', endpoint: local.endpoint, ...keys }), table);
  const deps = createNodeDeps(
    {
      AUTH_HS256_SECRET: secret,
      CURSOR_SECRET: secret,
      STORAGE_BACKEND: 'dynamodb',
      DYNAMODB_TABLE: table,
      DYNAMODB_REGION: 'us-east-1',
      DYNAMODB_ENDPOINT: local.endpoint,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    },
    'node',
    () => {},
  );
  return startServer({ fetch: createApp(deps).fetch, port: 0 });
})();

try {
  const token = await signDevToken({ sub: 'load-user', secret, ttlSeconds: 3600 });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const conversations: string[] = [];
  for (let i = 0; i < CONVERSATIONS; i++) {
    const response = await fetch(`${server.url}/v1/conversations`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ participantIds: [] }),
    });
    conversations.push(((await response.json()) as { id: string }).id);
  }
  const pick = () => conversations[Math.floor(Math.random() * conversations.length)] as string;
  let sequence = 0;
  const acknowledged = new Map<string, string>(); // message id → body
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers,
        setupRequest: (request) => {
          const body = `load message ${++sequence}`;
          return {
            ...request,
            path: `/v1/conversations/${pick()}/messages`,
            body: JSON.stringify({ body }),
            headers: { ...headers, 'idempotency-key': `load-${sequence}` },
          };
        },
        onResponse: (status, body) => {
          if (status !== 201) return;
          const message = JSON.parse(body) as { id: string; body: string };
          acknowledged.set(message.id, message.body);
        },
      },
      {
        method: 'GET',
        headers,
        setupRequest: (r) => ({ ...r, path: `/v1/conversations/${pick()}/messages?limit=20` }),
      },
      { method: 'GET', headers, setupRequest: (r) => ({ ...r, path: `/v1/conversations/${pick()}` }) },
      { method: 'GET', headers, setupRequest: (r) => ({ ...r, path: '/v1/conversations?limit=10' }) },
    ],
  });

  // Read everything back, page by page.
  const stored: Array<{ id: string; body: string }> = [];
  for (const id of conversations) {
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = (await (
        await fetch(`${server.url}/v1/conversations/${id}/messages?limit=100${query}`, { headers })
      ).json()) as {
        items: Array<{ id: string; body: string }>;
        nextCursor: string | null;
      };
      stored.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }
  const storedIds = new Set(stored.map((m) => m.id));
  const lost = [...acknowledged.keys()].filter((id) => !storedIds.has(id)).length;
  const bodies = stored.map((m) => m.body);
  const duplicated = bodies.length - new Set(bodies).size + (stored.length - storedIds.size);
  // Posts still in flight when the run stopped were stored but their answers dropped by autocannon:
  // each must replay (same key, same body) as the one stored message, never post a second one.
  const unanswered = stored.filter((m) => !acknowledged.has(m.id));
  let replayed = 0;
  for (const message of unanswered) {
    const n = /^load message (\d+)$/.exec(message.body)?.[1];
    const conversationId = (message as { conversationId?: string }).conversationId;
    const response = await fetch(`${server.url}/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `load-${n}` },
      body: JSON.stringify({ body: message.body }),
    });
    const again = (await response.json()) as { id: string };
    if (response.status === 201 && response.headers.get('idempotent-replayed') === 'true' && again.id === message.id)
      replayed += 1;
  }
  const unacknowledged = unanswered.length - replayed;
  const figures = {
    seconds,
    connections,
    requests: result.requests.total,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    posted: acknowledged.size,
    stored: stored.length,
    lost,
    duplicated,
    inFlightAtStop: unanswered.length,
    unacknowledged,
  };
  console.log(
    `\n Load (node server, DynamoDB Local)\n  ${Object.entries(figures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}\n`,
  );
  const failed =
    figures.errors > 0 ||
    figures.non2xx > 0 ||
    lost > 0 ||
    duplicated > 0 ||
    unacknowledged > 0 ||
    acknowledged.size === 0;
  process.exitCode = failed ? 1 : 0;
} finally {
  await server.close();
  await local.stop();
}
