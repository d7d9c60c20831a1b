import { expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { signDevToken } from '../../src/auth/dev-token.js';
import { createMemoryRepository } from '../../src/repository/memory/index.js';

// Not in the shared contract: some platforms cannot carry a repeated query parameter at all (an
// ALB without multi-value mode passes only the last value), so only the app itself can be asked.
it('a repeated query parameter is a 400 rather than a silent pick', async () => {
  const secret = 'query-test-secret-0123456789abcdefghij';
  const app = createApp({
    config: { stage: 't', target: 'test', version: '0', auth: { mode: 'hs256', secret }, cursorSecret: 'c'.repeat(32) },
    repository: createMemoryRepository(),
    log: () => {},
  });
  const token = await signDevToken({ sub: 'alice', secret });
  const response = await app.fetch(
    new Request('http://parley.test/v1/conversations?limit=1&limit=2', {
      headers: { authorization: `Bearer ${token}` },
    }),
  );
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body).toMatchObject({
    type: 'https://parley.dev/problems/validation-failed',
    errors: [{ parameter: 'limit' }],
  });
});
